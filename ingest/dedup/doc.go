// Package dedup detects near-duplicate news stories: a wire story reprinted
// with its own chrome (bylines, "Share this article", advertisements,
// related links), a new headline or a trimmed paragraph is one story, and
// its copies should join one document as extra sources.
//
// # Method
//
// Fingerprint lowercases a normalized text, splits it into words (runs of
// letters and digits; punctuation and spacing vanish) and takes every run
// of ShingleWords = 5 words as a shingle. Each shingle is hashed once
// (64-bit FNV-1a) and mixed with NumHashes = 128 seeds (the splitmix64
// finalizer of h + i·golden); the minimum of each mix over the shingles is
// the MinHash Signature. The share of equal positions of two signatures
// estimates the Jaccard similarity of their shingle sets (standard error at
// most 0.044). MinHash rather than SimHash: its estimate is the Jaccard
// similarity itself, so the threshold reads as "this share of the word
// 5-grams is shared", and its LSH banding is the standard one.
//
// Why k = 5: with 3 or 4 words, stock phrases ("the justice department
// said") are shared by different articles; with 7 or 9, each edit removes
// more shingles. On the evaluation below, k = 3, 4, 5, 7, 9 gave least
// positive similarities 0.648, 0.633, 0.688, 0.617, 0.617 and greatest
// negative ones 0.039, 0.031, 0.023, 0.008, 0.000: k = 5 keeps the edited
// copies closest at a negligible cost in negatives.
//
// An Index groups signatures into Bands = 32 bands of Rows = 4 values
// (locality-sensitive hashing): only entries that agree on a whole band are
// compared, and a candidate matches when its estimated similarity reaches
// the Index's threshold. A pair at similarity 0.69 (the least positive
// measured) becomes a candidate with probability 1-(1-0.69^4)^32 > 0.9999;
// a pair at 0.10 with probability 0.003.
//
// Signatures are stored as SignatureVersion followed by the 128 values
// big-endian (MarshalBinary, UnmarshalBinary); a change of shingling,
// hashing or mixing must bump the version.
//
// # Threshold, measured
//
// TestEvaluateThreshold fingerprints the 15 articles of the project's
// corpus (data.FS, corpus/) and six variants of each: a different
// headline; the first body paragraph dropped; the last paragraph dropped;
// chrome added (byline, "Share this article" twice, "Advertisement", a
// related-links list, a copyright line); and a new headline with chrome
// and the first (or last) paragraph dropped. Positives are an article and
// its variants (90 pairs); negatives are all pairs of different articles
// (105 pairs; several share actors, agencies and events, such as the
// SolarWinds attribution and the USAID phishing by the same SVR hackers,
// or APT29's and Chinese hackers' theft of COVID-19 research, and the EU
// sanctions articles name the GRU's Bundestag hack and NotPetya, so they are
// hard negatives). Estimated similarity:
//
//	positive headline    min 0.930  median 0.953
//	positive trim-first  min 0.812  median 0.852
//	positive trim-last   min 0.859  median 0.938
//	positive chrome      min 0.836  median 0.898
//	positive all-first   min 0.688  median 0.742
//	positive all-last    min 0.758  median 0.805
//	positives (90)       min 0.688  p10 0.750  median 0.875
//	negatives (105)      max 0.023  p90 0.008  median 0.000
//	exact Jaccard        positives min 0.679; negatives max 0.009
//
// DefaultThreshold = 0.5 lies 0.188 below the least positive (more than
// four standard errors of the estimate there) and 0.477 above the greatest
// negative; it leaves room for heavier edits than measured while two
// independent write-ups of one event stay far below it. At 0.5 the Index
// finds all 90 variants (recall 1.0), none matched to the wrong article,
// and none of the 15 articles matches another (0 false positives).
//
// Rerun with
//
//	go test -run TestEvaluateThreshold -v ./ingest/dedup
package dedup
