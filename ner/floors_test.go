package ner

// F1 floors for TestDatasets, slightly below the scores of the embedded
// model (testa 0.9137, testb 0.8627, CoNLL++ 0.8693, UNER 0.5252; see
// MODELS.md). Retraining the model may need them adjusted.
const (
	floorTesta   = 0.91
	floorTestb   = 0.86
	floorConllpp = 0.865
	floorUNER    = 0.52
)
