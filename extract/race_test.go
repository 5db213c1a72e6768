//go:build race

package extract

// raceEnabled: the race detector slows extraction tenfold; timing tests
// skip.
const raceEnabled = true
