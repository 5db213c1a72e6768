// Command parsedump prints the syntax layer's analysis of each sentence of
// the files (or standard input) it reads: a development aid.
//
//	go run ./extract/syntax/internal/parsedump file.txt
package main

import (
	"fmt"
	"io"
	"os"

	"github.com/newsgraph/newsgraph/data"
	"github.com/newsgraph/newsgraph/extract/syntax"
)

func main() {
	p, err := syntax.Load(data.FS)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	var texts []string
	if len(os.Args) < 2 {
		b, _ := io.ReadAll(os.Stdin)
		texts = append(texts, string(b))
	}
	for _, f := range os.Args[1:] {
		b, err := os.ReadFile(f)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		texts = append(texts, string(b))
	}
	for _, text := range texts {
		for _, sp := range syntax.Split(text) {
			p.Tag(text, sp.Tokens)
			s := p.Parse(text, sp.Tokens, nil)
			fmt.Println(s.Dump())
		}
	}
}
