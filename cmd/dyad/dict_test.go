package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestActorResolveDict codes a made-up office-holder through a user
// dictionary, and rejects a malformed one with a message naming the line.
func TestActorResolveDict(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "novaria.tsv")
	if err := os.WriteFile(good, []byte("country\tNovaria\tNVR\nperson\tIvan Petrov|Petrov\tNVRGOV@2019-01-01..2024-06-30 NVRELI\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ date, code string }{{"2020-03-01", "NVRGOV"}, {"2025-03-01", "NVRELI"}} {
		var out, errb bytes.Buffer
		root := newRoot()
		root.SetArgs([]string{"actor", "resolve", "--dict", good, "--date", tc.date, "Petrov"})
		root.SetOut(&out)
		root.SetErr(&errb)
		if err := root.Execute(); err != nil {
			t.Fatalf("%v: %s", err, errb.String())
		}
		var got struct{ Code *string }
		if err := json.Unmarshal(out.Bytes(), &got); err != nil {
			t.Fatal(err)
		}
		if got.Code == nil || *got.Code != tc.code {
			t.Errorf("%s: code %v, want %s", tc.date, got.Code, tc.code)
		}
	}
	bad := filepath.Join(dir, "bad.tsv")
	if err := os.WriteFile(bad, []byte("country\tNovaria\tNVR\nplanet\tMars\tMRS\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	root := newRoot()
	root.SetArgs([]string{"actor", "resolve", "--dict", bad, "Petrov"})
	root.SetOut(&bytes.Buffer{})
	root.SetErr(&bytes.Buffer{})
	err := root.Execute()
	if err == nil || !strings.Contains(err.Error(), "bad.tsv:2") {
		t.Errorf("error %v, want one naming bad.tsv:2", err)
	}
}
