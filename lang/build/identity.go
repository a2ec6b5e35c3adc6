package build

import (
	"github.com/pipec-dev/pipec/compile/model"
	"github.com/pipec-dev/pipec/schema"
)

// identity decodes an OIDC identity, which names exactly one provider block.
func (m builder[A, B]) identity(b B) *model.Identity {
	r := m.r
	name, nameRng := r.Label(b)
	id := &model.Identity{Name: name, NameRange: nameRng, Range: r.BlockRange(b)}
	from := r.Mark()
	attrs, blocks := r.Content(b, schema.Identity)
	for a := range m.read(b, attrs) {
		if r.AttrName(a) == "service_connection" {
			id.ServiceConnection = r.StrPtr(a)
		}
	}
	if len(blocks) == 0 && r.MisspelledSince(from, "aws", "gcp", "azure", "oidc") {
		return id // the provider block's name was misspelt, and reported with its "did you mean"
	}
	if len(blocks) == 0 {
		r.Errorf(r.DefRange(b), "identity-provider", "set exactly one of aws, gcp, azure or oidc",
			"identity %q names no provider", id.Name)
		return id
	}
	for _, extra := range blocks[1:] {
		// Only the first provider reaches the model, which promises exactly one.
		dd := r.Errorf(r.TypeRange(extra), "identity-provider",
			"an identity is one of aws, gcp, azure or oidc; declare another identity for the other cloud",
			"identity %q names more than one provider", id.Name)
		firstHere(dd, r.TypeRange(blocks[0]))
	}
	p := blocks[0]
	switch r.BlockType(p) {
	case "aws":
		x := &model.AWSIdentity{Range: r.BlockRange(p)}
		attrs, _ := r.Content(p, schema.AWS)
		for a := range m.read(p, attrs) {
			switch r.AttrName(a) {
			case "role_arn":
				x.RoleARN, _ = r.Str(a)
			case "region":
				x.Region, _ = r.Str(a)
			case "audience":
				x.Audience = r.StrPtr(a)
			}
		}
		id.AWS = x
	case "gcp":
		x := &model.GCPIdentity{Range: r.BlockRange(p)}
		attrs, _ := r.Content(p, schema.GCP)
		for a := range m.read(p, attrs) {
			switch r.AttrName(a) {
			case "workload_identity_provider":
				x.WorkloadIdentityProvider, _ = r.Str(a)
			case "service_account":
				x.ServiceAccount, _ = r.Str(a)
			case "audience":
				x.Audience = r.StrPtr(a)
			}
		}
		id.GCP = x
	case "azure":
		x := &model.AzureIdentity{Range: r.BlockRange(p)}
		attrs, _ := r.Content(p, schema.Azure)
		for a := range m.read(p, attrs) {
			switch r.AttrName(a) {
			case "client_id":
				x.ClientID, _ = r.Str(a)
			case "tenant_id":
				x.TenantID, _ = r.Str(a)
			case "subscription_id":
				x.SubscriptionID = r.StrPtr(a)
			}
		}
		id.Azure = x
	case "oidc":
		x := &model.OIDCIdentity{Range: r.BlockRange(p)}
		attrs, _ := r.Content(p, schema.OIDC)
		for a := range m.read(p, attrs) {
			switch r.AttrName(a) {
			case "audience":
				x.Audience, _ = r.Str(a)
			case "env":
				x.Env, _ = r.Str(a)
			}
		}
		id.OIDC = x
	}
	return id
}
