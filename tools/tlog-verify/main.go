// Command tlog-verify checks Gerbang's public transparency log with an implementation that shares no code
// with it: Go's golang.org/x/mod/sumdb/note (signed notes) and sumdb/tlog (RFC 6962 tiles and proofs), as
// Debian packages them (golang-golang-x-mod-dev). It fetches the checkpoint, every tile and entry bundle of
// the tree from a running Gerbang, authenticates them against the signed root, and checks the inclusion
// and consistency proofs Gerbang produced (given in a JSON file) and that they equal Go's own proofs.
//
// Build offline, in GOPATH mode over the Debian source packages:
//
//	GO111MODULE=off GOPATH=/usr/share/gocode go build -o tlog-verify ./tools/tlog-verify
//
// Usage: tlog-verify -url http://127.0.0.1:PORT/log -vkey VKEY -origin ORIGIN [-proofs FILE]
package main

import (
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

type inclusion struct {
	LeafIndex  int64    `json:"leafIndex"`
	TreeSize   int64    `json:"treeSize"`
	LeafHash   string   `json:"leafHash"`
	Commitment string   `json:"commitment"`
	RootHash   string   `json:"rootHash"`
	Proof      []string `json:"proof"`
	Checkpoint string   `json:"checkpoint"`
}

type consistency struct {
	OldSize int64    `json:"oldSize"`
	OldRoot string   `json:"oldRoot"`
	NewSize int64    `json:"newSize"`
	NewRoot string   `json:"newRoot"`
	Proof   []string `json:"proof"`
}

type proofs struct {
	Inclusion   []inclusion   `json:"inclusion"`
	Consistency []consistency `json:"consistency"`
}

var base string

func get(path string) ([]byte, error) {
	resp, err := http.Get(base + "/" + path)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != 200 {
		return nil, fmt.Errorf("GET %s: %s", path, resp.Status)
	}
	return body, nil
}

// C2SP tlog-tiles paths are Go's sumdb tile paths without the height element ("tile/8/0/…" is "tile/0/…")
// and with "entries" for the data level.
func tilePath(t tlog.Tile) string {
	p := t.Path()
	p = strings.Replace(p, "tile/8/data/", "tile/entries/", 1)
	return strings.Replace(p, "tile/8/", "tile/", 1)
}

type httpTiles struct{}

func (httpTiles) Height() int { return 8 }

func (httpTiles) ReadTiles(tiles []tlog.Tile) ([][]byte, error) {
	out := make([][]byte, len(tiles))
	for i, t := range tiles {
		data, err := get(tilePath(t))
		if err != nil {
			return nil, err
		}
		if len(data) != t.W*tlog.HashSize {
			return nil, fmt.Errorf("tile %s: %d bytes, want %d", tilePath(t), len(data), t.W*tlog.HashSize)
		}
		out[i] = data
	}
	return out, nil
}

func (httpTiles) SaveTiles([]tlog.Tile, [][]byte) {}

func hash(s string) (tlog.Hash, error) {
	var h tlog.Hash
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil || len(b) != tlog.HashSize {
		return h, fmt.Errorf("bad hash %q", s)
	}
	copy(h[:], b)
	return h, nil
}

func hashes(list []string) ([]tlog.Hash, error) {
	out := make([]tlog.Hash, len(list))
	for i, s := range list {
		h, err := hash(s)
		if err != nil {
			return nil, err
		}
		out[i] = h
	}
	return out, nil
}

// openCheckpoint verifies the note signature and parses the C2SP checkpoint body.
func openCheckpoint(msg []byte, verifier note.Verifier, origin string) (tlog.Tree, error) {
	n, err := note.Open(msg, note.VerifierList(verifier))
	if err != nil {
		return tlog.Tree{}, err
	}
	lines := strings.Split(n.Text, "\n")
	if len(lines) < 4 || lines[0] != origin {
		return tlog.Tree{}, fmt.Errorf("checkpoint origin %q, want %q", lines[0], origin)
	}
	size, err := strconv.ParseInt(lines[1], 10, 64)
	if err != nil || size < 0 || strconv.FormatInt(size, 10) != lines[1] {
		return tlog.Tree{}, fmt.Errorf("bad tree size %q", lines[1])
	}
	root, err := hash(lines[2])
	if err != nil {
		return tlog.Tree{}, err
	}
	return tlog.Tree{N: size, Hash: root}, nil
}

func equal(a, b []tlog.Hash) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func run() error {
	url := flag.String("url", "", "the log's prefix, e.g. http://127.0.0.1:8080/log")
	vkey := flag.String("vkey", "", "the log's verifier key")
	origin := flag.String("origin", "", "the log's origin")
	proofFile := flag.String("proofs", "", "JSON file of Gerbang's inclusion and consistency proofs")
	flag.Parse()
	base = strings.TrimSuffix(*url, "/")
	verifier, err := note.NewVerifier(*vkey)
	if err != nil {
		return err
	}
	msg, err := get("checkpoint")
	if err != nil {
		return err
	}
	tree, err := openCheckpoint(msg, verifier, *origin)
	if err != nil {
		return fmt.Errorf("checkpoint: %w", err)
	}
	if tree.N == 0 {
		return errors.New("the log is empty")
	}
	reader := tlog.TileHashReader(tree, httpTiles{})
	// Every tile the root needs, authenticated against the signed root.
	root, err := tlog.TreeHash(tree.N, reader)
	if err != nil {
		return err
	}
	if root != tree.Hash {
		return errors.New("the tiles do not hash to the signed root")
	}
	// Every entry bundle: each entry hashes (RFC 6962 leaf) to its leaf in the authenticated tiles.
	entries := int64(0)
	for n := int64(0); n*256 < tree.N; n++ {
		w := tree.N - n*256
		if w > 256 {
			w = 256
		}
		data, err := get(tilePath(tlog.Tile{H: 8, L: -1, N: n, W: int(w)}))
		if err != nil {
			return err
		}
		indexes := make([]int64, w)
		for i := range indexes {
			indexes[i] = tlog.StoredHashIndex(0, n*256+int64(i))
		}
		leaves, err := reader.ReadHashes(indexes)
		if err != nil {
			return err
		}
		for i := int64(0); i < w; i++ {
			if len(data) < 2 {
				return fmt.Errorf("entry bundle %d ends early", n)
			}
			size := int(binary.BigEndian.Uint16(data))
			if len(data) < 2+size {
				return fmt.Errorf("entry bundle %d ends early", n)
			}
			if tlog.RecordHash(data[2:2+size]) != leaves[i] {
				return fmt.Errorf("entry %d does not hash to its leaf", n*256+i)
			}
			data = data[2+size:]
			entries++
		}
		if len(data) != 0 {
			return fmt.Errorf("entry bundle %d has trailing bytes", n)
		}
	}
	report := map[string]int64{"treeSize": tree.N, "entries": entries}
	if *proofFile != "" {
		raw, err := os.ReadFile(*proofFile)
		if err != nil {
			return err
		}
		var p proofs
		if err := json.Unmarshal(raw, &p); err != nil {
			return err
		}
		for _, inc := range p.Inclusion {
			cp, err := openCheckpoint([]byte(inc.Checkpoint), verifier, *origin)
			if err != nil {
				return fmt.Errorf("inclusion proof's checkpoint: %w", err)
			}
			root, err := hash(inc.RootHash)
			if err != nil || cp.N != inc.TreeSize || cp.Hash != root {
				return errors.New("inclusion proof's checkpoint does not name its tree")
			}
			commitment, err := base64.StdEncoding.DecodeString(inc.Commitment)
			if err != nil {
				return err
			}
			leaf := tlog.RecordHash(commitment)
			proof, err := hashes(inc.Proof)
			if err != nil {
				return err
			}
			if err := tlog.CheckRecord(proof, inc.TreeSize, root, inc.LeafIndex, leaf); err != nil {
				return fmt.Errorf("inclusion of leaf %d in %d: %w", inc.LeafIndex, inc.TreeSize, err)
			}
			if inc.TreeSize == tree.N {
				own, err := tlog.ProveRecord(tree.N, inc.LeafIndex, reader)
				if err != nil || !equal(own, proof) {
					return fmt.Errorf("Gerbang's inclusion proof of leaf %d differs from Go's", inc.LeafIndex)
				}
			}
			report["inclusion"]++
		}
		for _, c := range p.Consistency {
			oldRoot, err1 := hash(c.OldRoot)
			newRoot, err2 := hash(c.NewRoot)
			proof, err3 := hashes(c.Proof)
			for _, err := range []error{err1, err2, err3} {
				if err != nil {
					return err
				}
			}
			if err := tlog.CheckTree(proof, c.NewSize, newRoot, c.OldSize, oldRoot); err != nil {
				return fmt.Errorf("consistency %d → %d: %w", c.OldSize, c.NewSize, err)
			}
			if c.NewSize == tree.N {
				own, err := tlog.ProveTree(tree.N, c.OldSize, reader)
				if err != nil || !equal(own, proof) {
					return fmt.Errorf("Gerbang's consistency proof %d → %d differs from Go's", c.OldSize, c.NewSize)
				}
			}
			report["consistency"]++
		}
	}
	out, _ := json.Marshal(report)
	fmt.Println(string(out))
	return nil
}

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "tlog-verify:", err)
		os.Exit(1)
	}
}
