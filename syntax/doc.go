// Package syntax assigns part-of-speech tags (Universal Dependencies UPOS and
// Penn Treebank XPOS) and lemmas to tokens.
//
// The tagger is a greedy left-to-right averaged perceptron over a joint
// XPOS|UPOS label set, trained on UD English EWT. It uses the usual lexical
// features (word, affixes, shape, orthographic flags, neighbouring words) and
// the two previous predicted tags, and skips the model for frequent words that
// have a single tag in the training data. Lemmas come from suffix edit rules
// learned per XPOS, with an exception table for forms the rules get wrong.
//
// A trained model is stored gzip-compressed with int16 weights; the default
// model is embedded in package models and loaded by DefaultTagger. A loaded
// Tagger is read-only and safe for concurrent use.
package syntax
