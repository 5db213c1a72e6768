// Command explain prints what each extraction stage finds in the sentences
// of a text file (or standard input): a development aid.
//
//	go run ./extract/internal/explain file.txt
package main

import (
	"fmt"
	"io"
	"os"

	"github.com/newsgraph/newsgraph/extract"
)

func main() {
	ex, err := extract.Default()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	var b []byte
	if len(os.Args) > 1 {
		b, err = os.ReadFile(os.Args[1])
	} else {
		b, err = io.ReadAll(os.Stdin)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	ex.Explain(string(b), os.Stdout)
}
