package main

import (
	"context"
	"testing"
	"time"
)

// TestLoadShort is the CI form of the load test: 8 clients for 5 seconds
// while documents are ingested; no request may fail.
func TestLoadShort(t *testing.T) {
	if testing.Short() {
		t.Skip("load test")
	}
	res, err := runLoad(context.Background(), 8, 5*time.Second, true)
	if err != nil {
		t.Fatal(err)
	}
	t.Log("\n" + res.Table())
	if res.Failures > 0 || res.IngestErr > 0 {
		t.Errorf("%d requests and %d ingests failed: %v", res.Failures, res.IngestErr, res.FirstErrors)
	}
	if res.Requests < 50 || res.Ingested == 0 {
		t.Errorf("too little happened: %d requests, %d documents", res.Requests, res.Ingested)
	}
}
