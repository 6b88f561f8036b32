package quote

import (
	"context"
	"math/rand"
	"testing"
	"time"
)

func TestHangSearch(t *testing.T) {
	alpha := []string{"“", "”", "‘", "’", "\"", "'", " ", "\n", ".", ",", ":", "a", "S", "said", "he", "Lavrov", "’s", "according", "to", "«", "»", "\xff", "-", "so", "called", "told", "that", "!", "U.S."}
	r := rand.New(rand.NewSource(1))
	for n := 0; n < 300000; n++ {
		s := ""
		for k := r.Intn(30); k > 0; k-- {
			s += alpha[r.Intn(len(alpha))]
		}
		done := make(chan bool)
		go func(s string, hand bool) {
			d := makeDoc(s)
			New().Process(context.Background(), d)
			d = makeDoc(s)
			d.Tokens, d.Sentences, d.Paragraphs = nil, nil, nil
			New().Process(context.Background(), d)
			close(done)
		}(s, true)
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			t.Fatalf("hang on %q", s)
		}
	}
}
