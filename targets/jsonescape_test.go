package targets

import (
	"encoding/json"
	"testing"
)

// A JSONEscape'd string between quotes is a JSON string that reads back as itself.
func TestJSONEscapeRoundTrips(t *testing.T) {
	for _, s := range []string{"", "plain", `a"b\c`, "line\nbreak\r\ttab", "\x00\x01\x1f\x7f", "ü €", `\"`, "%s 100%"} {
		var back string
		if err := json.Unmarshal([]byte(`"`+JSONEscape(s)+`"`), &back); err != nil || back != s {
			t.Errorf("JSONEscape(%q) = %q: reads back as %q (%v)", s, JSONEscape(s), back, err)
		}
	}
	if got := JSONEscape("projects/1/locations/global"); got != "projects/1/locations/global" {
		t.Errorf("text without anything to escape changed: %q", got)
	}
}

// The Google Cloud credential configuration is JSON with the names in their fields, as
// the SDKs read it, whatever the names hold.
func TestGCPCredentialConfig(t *testing.T) {
	provider, sa, file := `projects/1/locations/global/workloadIdentityPools/p"\%/providers/r`, "sa%s@p.iam.gserviceaccount.com", `/tmp/a "b"`
	var got struct {
		Type, Audience                 string
		SubjectTokenType               string                `json:"subject_token_type"`
		ServiceAccountImpersonationURL string                `json:"service_account_impersonation_url"`
		CredentialSource               struct{ File string } `json:"credential_source"`
	}
	cfg := GCPCredentialConfig(provider, sa, file)
	if err := json.Unmarshal([]byte(cfg), &got); err != nil {
		t.Fatalf("%v: %s", err, cfg)
	}
	if got.Type != "external_account" || got.Audience != "//iam.googleapis.com/"+provider ||
		got.SubjectTokenType != "urn:ietf:params:oauth:token-type:jwt" || got.CredentialSource.File != file ||
		got.ServiceAccountImpersonationURL != "https://iamcredentials.googleapis.com/v1/projects/-/serviceAccounts/"+sa+":generateAccessToken" {
		t.Errorf("%+v from %s", got, cfg)
	}
}

// The two parts around the token file's name make the configuration with that name, even
// when the provider or the service account holds the marker's text.
func TestGCPCredentialParts(t *testing.T) {
	provider, sa, file := "projects/1/locations/global/workloadIdentityPools/PIPEC_TOKEN_FILE/providers/r", "PIPEC_TOKEN_FILE@p.iam.gserviceaccount.com", "C:/Users/ci/AppData/Local/Temp/tmp.x"
	before, after := GCPCredentialParts(provider, sa)
	if got, want := before+file+after, GCPCredentialConfig(provider, sa, file); got != want {
		t.Errorf("parts make\n%s\nwant\n%s", got, want)
	}
}
