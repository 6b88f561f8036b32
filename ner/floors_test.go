package ner

// F1 floors for TestDatasets, slightly below the scores of the embedded
// model (testa 0.9127, testb 0.8694, CoNLL++ 0.8758, UNER 0.5178; see
// MODELS.md). Retraining the model may need them adjusted.
const (
	floorTesta   = 0.91
	floorTestb   = 0.865
	floorConllpp = 0.87
	floorUNER    = 0.51
)
