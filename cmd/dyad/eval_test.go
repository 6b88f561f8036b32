package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// runCLI runs dyad with args and returns its standard output.
func runCLI(t *testing.T, args ...string) []byte {
	t.Helper()
	root := newRoot()
	var out bytes.Buffer
	root.SetArgs(args)
	root.SetOut(&out)
	root.SetErr(&out)
	if err := root.Execute(); err != nil {
		t.Fatalf("dyad %v: %v\n%s", args, err, out.String())
	}
	return out.Bytes()
}

func TestEvalCommands(t *testing.T) {
	dir := t.TempDir()
	conllu := filepath.Join(dir, "tiny.conllu")
	os.WriteFile(conllu, []byte("# text = Iran rejected the offer.\n"+
		"1\tIran\tIran\tPROPN\tNNP\t_\t2\tnsubj\t_\t_\n"+
		"2\trejected\treject\tVERB\tVBD\t_\t0\troot\t_\t_\n"+
		"3\tthe\tthe\tDET\tDT\t_\t4\tdet\t_\t_\n"+
		"4\toffer\toffer\tNOUN\tNN\t_\t2\tobj\t_\tSpaceAfter=No\n"+
		"5\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_\n\n"), 0o644)
	iob := filepath.Join(dir, "tiny.iob")
	os.WriteFile(iob, []byte("Angela B-PER\nMerkel I-PER\nvisited O\nParis B-LOC\n. O\n\n"), 0o644)

	var ud map[string]float64
	if err := json.Unmarshal(runCLI(t, "eval", "ud", conllu), &ud); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"tokens", "upos", "xpos", "lemma", "uas", "las"} {
		if _, ok := ud[k]; !ok {
			t.Errorf("eval ud: no %q in %v", k, ud)
		}
	}
	if ud["tokens"] != 5 || ud["upos"] < 0.8 {
		t.Errorf("eval ud on an easy sentence: %v", ud)
	}

	var tok map[string]any
	if err := json.Unmarshal(runCLI(t, "eval", "tokens", conllu), &tok); err != nil {
		t.Fatal(err)
	}
	if f1 := tok["tokens"].(map[string]any)["f1"].(float64); f1 != 1 {
		t.Errorf("eval tokens F1 %v on a trivial sentence", f1)
	}

	var nerScores struct {
		Precision, Recall, F1 float64
		PerType               map[string]any `json:"per_type"`
	}
	if err := json.Unmarshal(runCLI(t, "eval", "ner", iob), &nerScores); err != nil {
		t.Fatal(err)
	}
	if nerScores.F1 < 0.99 || nerScores.PerType == nil {
		t.Errorf("eval ner on two plain names: %+v", nerScores)
	}
}
