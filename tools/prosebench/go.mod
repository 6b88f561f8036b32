module github.com/dyad-events/dyad/tools/prosebench

go 1.26.8

replace github.com/dyad-events/dyad => ../..

require (
	github.com/dyad-events/dyad v0.0.0-00010101000000-000000000000
	github.com/jdkato/prose/v3 v3.2.3
)

require (
	golang.org/x/sync v0.25.0 // indirect
	golang.org/x/text v0.44.0 // indirect
	gopkg.in/neurosnap/sentences.v1 v1.0.6 // indirect
)
