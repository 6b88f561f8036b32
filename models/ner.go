package models

import _ "embed"

// Clusters are the Brown word clusters (package cluster), gzip-compressed;
// load them with cluster.Load or cluster.Default.
//
//go:embed clusters.bin.gz
var Clusters []byte

// NER is the named entity recognizer (package ner), gzip-compressed; load
// it with ner.Load or ner.Default.
//
//go:embed ner.bin.gz
var NER []byte
