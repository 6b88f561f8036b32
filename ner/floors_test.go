package ner

// F1 floors for TestDatasets, slightly below the scores of the embedded
// model (testa 0.9082, testb 0.8643, CoNLL++ 0.8683, UNER 0.5815; see
// MODELS.md). Retraining the model may need them adjusted.
const (
	floorTesta   = 0.90
	floorTestb   = 0.855
	floorConllpp = 0.86
	floorUNER    = 0.55
)
