// gongxin_check: an independent implementation (Go's golang.org/x/mod
// sumdb/note and sumdb/tlog, as packaged by Debian) checking gongxin's
// checkpoints and Merkle proofs, and producing its own for gongxin to check.
// Built and run by tests/interop/go_interop_test.cc; test-only.
//
//	gongxin_check verify FILE   check a log description written by gongxin
//	gongxin_check make N M      write (stdout) a log of N records, with a
//	                            checkpoint at M and at N, signed by a fresh key
//
// A log description is text, one item per line, binary in standard base64:
//
//	vkey <verifier key>
//	origin <expected checkpoint origin>
//	note <base64 of a signed checkpoint note>      (one or more)
//	leaf <index> <base64 of the leaf's bytes>
//	inclusion <index> <tree size> <hash>,<hash>,...   (deepest sibling first)
//	consistency <size1> <size2> <hash>,<hash>,...
//
// verify exits 0 only if every note opens with the key, names the origin,
// and every proof holds against the checkpoint of its tree size; otherwise
// it prints why and exits 1.
package main

import (
	"bufio"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

const goOrigin = "go.sum database tree"

func fail(format string, args ...interface{}) {
	fmt.Fprintf(os.Stderr, "gongxin_check: "+format+"\n", args...)
	os.Exit(1)
}

func decodeHashes(list string) ([]tlog.Hash, error) {
	var hashes []tlog.Hash
	if list == "-" {
		return hashes, nil
	}
	for _, s := range strings.Split(list, ",") {
		h, err := tlog.ParseHash(s)
		if err != nil {
			return nil, fmt.Errorf("hash %q: %v", s, err)
		}
		hashes = append(hashes, h)
	}
	return hashes, nil
}

func encodeHashes(hashes []tlog.Hash) string {
	if len(hashes) == 0 {
		return "-"
	}
	parts := make([]string, len(hashes))
	for i, h := range hashes {
		parts[i] = h.String()
	}
	return strings.Join(parts, ",")
}

// parseCheckpoint reads a C2SP checkpoint with any origin through tlog's
// parser, which knows only the go.sum origin: the origin line is checked
// here, the size and hash lines by tlog.ParseTree.
func parseCheckpoint(text, origin string) (tlog.Tree, error) {
	first, rest, ok := strings.Cut(text, "\n")
	if !ok || first != origin {
		return tlog.Tree{}, fmt.Errorf("origin line %q, want %q", first, origin)
	}
	return tlog.ParseTree([]byte(goOrigin + "\n" + rest))
}

func verify(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	var verifiers note.Verifiers
	origin := ""
	trees := map[int64]tlog.Hash{}
	leaves := map[int64]tlog.Hash{}
	scanner := bufio.NewScanner(f)
	scanner.Buffer(make([]byte, 1<<20), 1<<24)
	checks := 0
	for line := 1; scanner.Scan(); line++ {
		fields := strings.Fields(scanner.Text())
		if len(fields) == 0 {
			continue
		}
		where := fmt.Sprintf("line %d (%s)", line, fields[0])
		switch {
		case fields[0] == "vkey" && len(fields) == 2:
			v, err := note.NewVerifier(fields[1])
			if err != nil {
				return fmt.Errorf("%s: %v", where, err)
			}
			verifiers = note.VerifierList(v)
		case fields[0] == "origin" && len(fields) >= 2:
			// The origin may hold spaces (Go's own is "go.sum database tree").
			origin = strings.TrimPrefix(scanner.Text(), "origin ")
		case fields[0] == "note" && len(fields) == 2:
			raw, err := base64.StdEncoding.DecodeString(fields[1])
			if err != nil {
				return fmt.Errorf("%s: %v", where, err)
			}
			if verifiers == nil {
				return fmt.Errorf("%s: no vkey before the note", where)
			}
			n, err := note.Open(raw, verifiers)
			if err != nil {
				return fmt.Errorf("%s: note.Open: %v", where, err)
			}
			tree, err := parseCheckpoint(n.Text, origin)
			if err != nil {
				return fmt.Errorf("%s: %v", where, err)
			}
			trees[tree.N] = tree.Hash
			fmt.Printf("checkpoint %d %s signed by %s\n", tree.N, tree.Hash, n.Sigs[0].Name)
		case fields[0] == "leaf" && len(fields) == 3:
			index, err := strconv.ParseInt(fields[1], 10, 64)
			data, err2 := base64.StdEncoding.DecodeString(fields[2])
			if err != nil || err2 != nil {
				return fmt.Errorf("%s: malformed", where)
			}
			leaves[index] = tlog.RecordHash(data)
		case fields[0] == "inclusion" && len(fields) == 4:
			index, err := strconv.ParseInt(fields[1], 10, 64)
			size, err2 := strconv.ParseInt(fields[2], 10, 64)
			proof, err3 := decodeHashes(fields[3])
			if err != nil || err2 != nil || err3 != nil {
				return fmt.Errorf("%s: malformed", where)
			}
			root, ok := trees[size]
			leaf, ok2 := leaves[index]
			if !ok || !ok2 {
				return fmt.Errorf("%s: no checkpoint of size %d or no leaf %d", where, size, index)
			}
			if err := tlog.CheckRecord(tlog.RecordProof(proof), size, root, index, leaf); err != nil {
				return fmt.Errorf("%s: tlog.CheckRecord(leaf %d, size %d): %v", where, index, size, err)
			}
			checks++
		case fields[0] == "consistency" && len(fields) == 4:
			size1, err := strconv.ParseInt(fields[1], 10, 64)
			size2, err2 := strconv.ParseInt(fields[2], 10, 64)
			proof, err3 := decodeHashes(fields[3])
			if err != nil || err2 != nil || err3 != nil {
				return fmt.Errorf("%s: malformed", where)
			}
			root1, ok := trees[size1]
			root2, ok2 := trees[size2]
			if !ok || !ok2 {
				return fmt.Errorf("%s: no checkpoint of size %d or %d", where, size1, size2)
			}
			if err := tlog.CheckTree(tlog.TreeProof(proof), size2, root2, size1, root1); err != nil {
				return fmt.Errorf("%s: tlog.CheckTree(%d → %d): %v", where, size1, size2, err)
			}
			checks++
		default:
			return fmt.Errorf("%s: unknown or malformed line", where)
		}
	}
	if err := scanner.Err(); err != nil {
		return err
	}
	if len(trees) == 0 || checks == 0 {
		return errors.New("nothing was checked")
	}
	fmt.Printf("OK: %d checkpoints, %d proofs\n", len(trees), checks)
	return nil
}

// make writes a log of n records "go record <i>\n" with checkpoints at m
// and n, an inclusion proof of every record in both, and the consistency
// proof from m to n.
func makeLog(n, m int64) error {
	skey, vkey, err := note.GenerateKey(rand.Reader, "go.example/interop")
	if err != nil {
		return err
	}
	signer, err := note.NewSigner(skey)
	if err != nil {
		return err
	}
	var stored []tlog.Hash
	reader := tlog.HashReaderFunc(func(indexes []int64) ([]tlog.Hash, error) {
		out := make([]tlog.Hash, len(indexes))
		for i, x := range indexes {
			out[i] = stored[x]
		}
		return out, nil
	})
	records := make([][]byte, n)
	for i := int64(0); i < n; i++ {
		records[i] = []byte(fmt.Sprintf("go record %d\n", i))
		hashes, err := tlog.StoredHashes(i, records[i], reader)
		if err != nil {
			return err
		}
		stored = append(stored, hashes...)
	}
	fmt.Printf("vkey %s\norigin %s\n", vkey, goOrigin)
	for _, size := range []int64{m, n} {
		root, err := tlog.TreeHash(size, reader)
		if err != nil {
			return err
		}
		signed, err := note.Sign(&note.Note{Text: string(tlog.FormatTree(tlog.Tree{N: size, Hash: root}))}, signer)
		if err != nil {
			return err
		}
		fmt.Printf("note %s\n", base64.StdEncoding.EncodeToString(signed))
	}
	for i := int64(0); i < n; i++ {
		fmt.Printf("leaf %d %s\n", i, base64.StdEncoding.EncodeToString(records[i]))
		for _, size := range []int64{m, n} {
			if i >= size {
				continue
			}
			proof, err := tlog.ProveRecord(size, i, reader)
			if err != nil {
				return err
			}
			fmt.Printf("inclusion %d %d %s\n", i, size, encodeHashes(proof))
		}
	}
	proof, err := tlog.ProveTree(n, m, reader)
	if err != nil {
		return err
	}
	fmt.Printf("consistency %d %d %s\n", m, n, encodeHashes(proof))
	return nil
}

func main() {
	if len(os.Args) == 3 && os.Args[1] == "verify" {
		if err := verify(os.Args[2]); err != nil {
			fail("%v", err)
		}
		return
	}
	if len(os.Args) == 4 && os.Args[1] == "make" {
		n, err := strconv.ParseInt(os.Args[2], 10, 64)
		m, err2 := strconv.ParseInt(os.Args[3], 10, 64)
		if err != nil || err2 != nil || m < 1 || m > n {
			fail("make N M: need 1 <= M <= N")
		}
		if err := makeLog(n, m); err != nil {
			fail("%v", err)
		}
		return
	}
	fail("usage: gongxin_check verify FILE | gongxin_check make N M")
}
