// Package models embeds dyad's trained model files. See MODELS.md at the
// repository root for how each one was trained and how well it scores.
package models
