package hcl

import (
	"github.com/hashicorp/hcl/v2/hclsyntax"
	pschema "github.com/pipec-dev/pipec/schema"

	"github.com/pipec-dev/pipec/compile/model"
)

// providers are the identity blocks, of which an identity sets exactly one.
var providers = []string{"aws", "gcp", "azure", "oidc"}

var identitySchema = fromSchema(pschema.Identity)

func (d *decoder) identity(b *hclsyntax.Block) *model.Identity {
	id := &model.Identity{Name: b.Labels[0], NameRange: toRange(b.LabelRanges[0]), Range: toRange(b.Range())}
	attrs, blocks := d.content(b.Body, b, &identitySchema)
	for _, a := range attrs {
		if a.Name == "service_connection" {
			id.ServiceConnection = d.strPtr(a)
		}
	}
	if len(blocks) == 0 {
		d.errorf(b.DefRange(), "identity-provider", "set exactly one of aws, gcp, azure or oidc",
			"identity %q names no provider", id.Name)
		return id
	}
	for _, extra := range blocks[1:] {
		// Only the first provider reaches the model, which promises exactly one.
		dd := d.errorf(extra.TypeRange, "identity-provider",
			"an identity is one of aws, gcp, azure or oidc; declare another identity for the other cloud",
			"identity %q names more than one provider", id.Name)
		firstHere(dd, blocks[0].TypeRange)
	}
	d.provider(id, blocks[0])
	return id
}

// provider decodes one provider block into id.
func (d *decoder) provider(id *model.Identity, b *hclsyntax.Block) {
	switch b.Type {
	case "aws":
		id.AWS = d.aws(b)
	case "gcp":
		id.GCP = d.gcp(b)
	case "azure":
		id.Azure = d.azure(b)
	case "oidc":
		id.OIDC = d.oidc(b)
	}
}

var awsSchema = fromSchema(pschema.AWS)

func (d *decoder) aws(b *hclsyntax.Block) *model.AWSIdentity {
	p := &model.AWSIdentity{Range: toRange(b.Range())}
	attrs, _ := d.content(b.Body, b, &awsSchema)
	for _, a := range attrs {
		switch a.Name {
		case "role_arn":
			p.RoleARN, _ = d.str(a)
		case "region":
			p.Region, _ = d.str(a)
		case "audience":
			p.Audience = d.strPtr(a)
		}
	}
	return p
}

var gcpSchema = fromSchema(pschema.GCP)

func (d *decoder) gcp(b *hclsyntax.Block) *model.GCPIdentity {
	p := &model.GCPIdentity{Range: toRange(b.Range())}
	attrs, _ := d.content(b.Body, b, &gcpSchema)
	for _, a := range attrs {
		switch a.Name {
		case "workload_identity_provider":
			p.WorkloadIdentityProvider, _ = d.str(a)
		case "service_account":
			p.ServiceAccount, _ = d.str(a)
		case "audience":
			p.Audience = d.strPtr(a)
		}
	}
	return p
}

var azureSchema = fromSchema(pschema.Azure)

func (d *decoder) azure(b *hclsyntax.Block) *model.AzureIdentity {
	p := &model.AzureIdentity{Range: toRange(b.Range())}
	attrs, _ := d.content(b.Body, b, &azureSchema)
	for _, a := range attrs {
		switch a.Name {
		case "client_id":
			p.ClientID, _ = d.str(a)
		case "tenant_id":
			p.TenantID, _ = d.str(a)
		case "subscription_id":
			p.SubscriptionID = d.strPtr(a)
		}
	}
	return p
}

var oidcSchema = fromSchema(pschema.OIDC)

func (d *decoder) oidc(b *hclsyntax.Block) *model.OIDCIdentity {
	p := &model.OIDCIdentity{Range: toRange(b.Range())}
	attrs, _ := d.content(b.Body, b, &oidcSchema)
	for _, a := range attrs {
		switch a.Name {
		case "audience":
			p.Audience, _ = d.str(a)
		case "env":
			p.Env, _ = d.str(a)
		}
	}
	return p
}
