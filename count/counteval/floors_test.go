package counteval

// Floors for TestIndiaPoliceSample, under the measured figures.
const (
	floorPrecision = 0.0
	floorRecall    = 0.0
)
