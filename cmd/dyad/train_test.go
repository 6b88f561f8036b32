package main

import (
	"bytes"
	"io"
	"log"
	"os"
	"testing"

	"github.com/dyad-events/dyad/models"
)

const ewtTrain = "../../../shared/datasets/ud_english_ewt/en_ewt-ud-train.conllu"

// TestTrainTaggerReproducesShippedModel retrains the tagger as MODELS.md says
// and checks that the result is byte for byte the embedded model.
func TestTrainTaggerReproducesShippedModel(t *testing.T) {
	if testing.Short() {
		t.Skip("retraining takes one to two minutes")
	}
	if _, err := os.Stat(ewtTrain); err != nil {
		t.Skip("EWT not available:", err)
	}
	got, err := trainTagger(trainOptions{data: ewtTrain, iter: 10, seed: 1}, log.New(io.Discard, "", 0))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, models.Tagger) {
		t.Fatalf("retrained tagger (%d bytes) differs from the shipped model (%d bytes)", len(got), len(models.Tagger))
	}
}

func TestTrainNeedsData(t *testing.T) {
	root := newRoot()
	root.SetArgs([]string{"train", "tagger"})
	root.SetOut(io.Discard)
	root.SetErr(io.Discard)
	err := root.Execute()
	if _, ok := err.(usageError); !ok {
		t.Fatalf("err = %v, want a usage error", err)
	}
}
