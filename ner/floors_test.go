package ner

// F1 floors for TestDatasets, slightly below the scores of the embedded
// model (testa 0.9124, testb 0.8634, CoNLL++ 0.8679, UNER 0.5463; see
// MODELS.md). Retraining the model may need them adjusted.
const (
	floorTesta   = 0.91
	floorTestb   = 0.86
	floorConllpp = 0.865
	floorUNER    = 0.54
)
