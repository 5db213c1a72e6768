package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/newsgraph/newsgraph/extract"
	"github.com/newsgraph/newsgraph/graph"
	"github.com/newsgraph/newsgraph/ingest"
)

func runCheck(ctx context.Context, env *Env, args []string) error {
	fs := newFlagSet(env, "check", "check [--db PATH]")
	var sf storeFlags
	sf.register(fs)
	if _, err := parse(fs, args); err != nil {
		return err
	}
	store, err := sf.open(ctx, true)
	if graph.ErrorCode(err) == graph.ELOCKED {
		// a running server holds the store; it can hand out a copy
		return &graph.Error{Code: graph.ELOCKED, Err: err, Message: fmt.Sprintf(
			"%s: stop the server first, or check a copy taken through it: newsgraph backup --db %s COPY.db && newsgraph check --db COPY.db",
			graph.ErrorMessage(err), sf.db)}
	}
	if err != nil {
		return err
	}
	defer store.Close()
	probs, err := store.Check(ctx)
	if err != nil {
		return err
	}
	snapProbs, note, err := store.CheckSnapshot(ctx)
	if err != nil {
		return err
	}
	probs = append(probs, snapProbs...)
	st, _ := store.Stats(ctx)
	if len(probs) == 0 {
		fmt.Fprintf(env.Stdout, "ok: %d quads, %d entities, %d relations, %d claims, %d documents\n", st.Quads, st.Entities, st.Relations, st.Claims, st.Documents)
	}
	if store.Backend() == graph.BackendBolt {
		fmt.Fprintf(env.Stdout, "index snapshot: %s\n", note)
	}
	if len(probs) == 0 {
		return nil
	}
	for _, p := range probs {
		fmt.Fprintln(env.Stdout, p)
	}
	return fmt.Errorf("%d problems", len(probs))
}

func runReextract(ctx context.Context, env *Env, args []string) error {
	fs := newFlagSet(env, "reextract", "reextract [--db PATH]")
	var sf storeFlags
	sf.register(fs)
	if _, err := parse(fs, args); err != nil {
		return err
	}
	store, err := sf.open(ctx, false)
	if err != nil {
		return err
	}
	defer store.Close()
	ext, err := extract.Default()
	if err != nil {
		return err
	}
	pipe := ingest.New(store, ext, ingest.Options{})
	sum, err := pipe.Reextract(ctx, progressPrinter(env.Stderr))
	for _, e := range sum.Errors {
		fmt.Fprintf(env.Stderr, "newsgraph reextract: %s\n", oneLine(e))
	}
	fmt.Fprintf(env.Stdout, "documents: %d, changed: %d (+%d −%d quads), extractor %s, %.2fs\n",
		sum.Documents, sum.Changed, sum.Added, sum.Removed, extract.Version, sum.Duration.Seconds())
	if err != nil {
		return err
	}
	if len(sum.Errors) > 0 {
		return fmt.Errorf("%d documents failed", len(sum.Errors))
	}
	return nil
}

// servingFile is where `serve` notes its address beside a bolt store, so
// that `backup` can ask the running server for a copy.
func servingFile(db string) string { return db + ".serving" }

func runBackup(ctx context.Context, env *Env, args []string) error {
	fs := newFlagSet(env, "backup", "backup [--db PATH] FILE")
	var sf storeFlags
	sf.register(fs)
	token := fs.String("token", "", "bearer token of the running server (default $NEWSGRAPH_TOKEN)")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("give the file to write the backup to")
	}
	out := pos[0]
	if *token == "" {
		*token = env.Getenv("NEWSGRAPH_TOKEN")
	}
	tmp, err := os.CreateTemp(filepath.Dir(out), ".newsgraph-backup-*")
	if err != nil {
		return fmt.Errorf("create %s: %w", out, err)
	}
	defer os.Remove(tmp.Name())
	n, err := backupTo(ctx, sf, *token, tmp)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), out); err != nil {
		return fmt.Errorf("write %s: %w", out, err)
	}
	fmt.Fprintf(env.Stdout, "backup: %s (%d bytes); restore by opening it with --db\n", out, n)
	return nil
}

// backupTo copies the store: straight from the file when no process holds
// it, else through the running server's /admin/backup.
func backupTo(ctx context.Context, sf storeFlags, token string, w io.Writer) (int64, error) {
	store, err := graph.Open(ctx, graph.Config{Backend: sf.backend, Path: sf.db, ReadOnly: true})
	if err == nil {
		defer store.Close()
		return store.Backup(ctx, w)
	}
	if graph.ErrorCode(err) != graph.ELOCKED {
		return 0, err
	}
	addr, rerr := os.ReadFile(servingFile(sf.db))
	if rerr != nil {
		return 0, fmt.Errorf("%w (and no running server noted in %s)", err, servingFile(sf.db))
	}
	ctx, cancel := context.WithTimeout(ctx, 30*time.Minute)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, strings.TrimSpace(string(addr))+"/admin/backup", nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, fmt.Errorf("ask the running server for a backup: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		msg, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
		var refusal struct {
			Errors []struct{ Message string } `json:"errors"`
		}
		if json.Unmarshal(msg, &refusal) == nil && len(refusal.Errors) > 0 {
			msg = []byte(refusal.Errors[0].Message)
		}
		return 0, fmt.Errorf("the running server refused the backup: %s: %s", resp.Status, strings.TrimSpace(string(msg)))
	}
	return io.Copy(w, resp.Body)
}
