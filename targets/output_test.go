package targets

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"unicode/utf16"
)

// Windows PowerShell 5.1 writes $PIPEC_OUTPUT in UTF-16LE after a byte order mark (its
// `>>` and Out-File), or in UTF-8 after one (-Encoding utf8). OutputToUTF8 then
// LastOutput read the value written, as they read a plain UTF-8 file.
func TestOutputToUTF8ReadsWindowsPowerShell(t *testing.T) {
	for _, tool := range []string{"sh", "iconv", "od"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is not installed", tool)
		}
	}
	text := "v=h\u00e9llo w\u00f6rld\r\nother=1\r\n"
	var utf16le []byte
	for _, u := range utf16.Encode([]rune("\ufeff" + text)) {
		utf16le = append(utf16le, byte(u), byte(u>>8))
	}
	for name, content := range map[string][]byte{
		"utf-16le":  utf16le,
		"utf-8 bom": append([]byte("\xef\xbb\xbf"), text...),
		"utf-8":     []byte(text),
	} {
		dir := t.TempDir()
		file := filepath.Join(dir, "pipec-output")
		if err := os.WriteFile(file, content, 0o644); err != nil {
			t.Fatal(err)
		}
		script := OutputToUTF8(`"$PIPEC_OUTPUT"`) + LastOutput("v", `"$PIPEC_OUTPUT"`)
		cmd := exec.Command("sh", "-c", script)
		cmd.Env = append(os.Environ(), "PIPEC_OUTPUT="+file, "LC_ALL=C")
		out, err := cmd.CombinedOutput()
		if got := string(out); err != nil || got != "h\u00e9llo w\u00f6rld\n" {
			t.Errorf("%s: got %q (%v), want the value written", name, got, err)
		}
	}
}
