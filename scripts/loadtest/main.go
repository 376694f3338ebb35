// Command loadtest puts the API under a sustained load on loopback and prints,
// per kind of request, throughput and latency percentiles. It loads the demo
// district of the given size into a fresh embedded store (not timed), starts
// the API in this process on 127.0.0.1, logs in a few users per role and lets
// each run its mix of requests for the given time, one request at a time:
//
//	office staff and office admin: list students, get one, create one, update
//	one they created (get, then patch under its version), get a placement;
//	auditor: list students, get one (ID numbers masked), get a placement;
//	enterprise: list its placements, get one.
//
// A response that is not the expected 2xx is an error, and a masked ID number
// missing for the auditor or enterprise is one too. The exit status is 1 when
// any request failed.
//
//	go run ./scripts/loadtest -size 1 -duration 30s -users 2 [-cpuprofile load.pprof]
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"runtime/pprof"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/chanjiao/chanjiao/handlers/api"
	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/auth"
	"github.com/chanjiao/chanjiao/services/demo"
	"github.com/chanjiao/chanjiao/services/store"
)

func main() {
	size := flag.Int("size", 1, "district size: the demo over five years with size−1 more schools like 红星")
	duration := flag.Duration("duration", 30*time.Second, "how long the load runs")
	users := flag.Int("users", 2, "concurrent users per role")
	profile := flag.String("cpuprofile", "", "write a CPU profile of the load (server and store: they run in this process) to this file")
	flag.Parse()
	if err := run(*size, *duration, *users, *profile); err != nil {
		fmt.Fprintln(os.Stderr, "loadtest:", err)
		os.Exit(1)
	}
}

func run(size int, duration time.Duration, users int, profile string) error {
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "chanjiao-load-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	st, err := store.Open(ctx, store.Config{DB: "load", DataDir: dir})
	if err != nil {
		return err
	}
	defer st.Close()
	if err := st.EnsureIndexes(ctx); err != nil {
		return err
	}
	sum, err := demo.Load(ctx, st, demo.Options{Seed: 1, Years: 5, District: size - 1, BcryptCost: 4})
	if err != nil {
		return err
	}
	fmt.Println(sum)
	h := api.NewHandler(st, time.Now, auth.DefaultConfig())
	app := api.NewApp(h, api.AppOptions{Logger: slog.New(slog.DiscardHandler), BodyLimit: 4 << 20})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	go func() { _ = app.Listener(ln) }()
	defer func() { _ = app.Shutdown() }()
	c := &client{base: "http://" + ln.Addr().String() + "/api/v1", http: &http.Client{Timeout: 60 * time.Second}}

	office, err := c.login("office1")
	if err != nil {
		return err
	}
	var students, placements []string
	if students, err = c.ids(office, "/students?pageSize=100&status=enrolled"); err != nil {
		return err
	}
	if placements, err = c.ids(office, "/placements?pageSize=100"); err != nil {
		return err
	}
	if len(students) == 0 || len(placements) == 0 {
		return fmt.Errorf("the demo gave %d students and %d placements to read", len(students), len(placements))
	}
	tally := newTally()
	var all []*user
	n := 0
	for _, role := range []string{"office1", "office2", "auditor", "ent1"} {
		for range users {
			n++
			token, err := c.login(role)
			if err != nil {
				return err
			}
			u := &user{c: c, token: token, role: role, seq: n, rand: rand.New(rand.NewPCG(uint64(n), 7)), students: students, placements: placements, tally: tally}
			if role == "ent1" {
				if u.placements, err = c.ids(token, "/placements?pageSize=100"); err != nil {
					return err
				}
			}
			all = append(all, u)
		}
	}
	if profile != "" {
		f, err := os.Create(profile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	var wg sync.WaitGroup
	start := time.Now()
	deadline := start.Add(duration)
	for _, u := range all {
		wg.Go(func() { u.run(deadline) })
	}
	wg.Wait()
	return tally.print(time.Since(start), size, n)
}

// client calls the API.
type client struct {
	base string
	http *http.Client
}

func (c *client) login(username string) (string, error) {
	var res struct {
		Token string `json:"token"`
	}
	status, _, err := c.do("", http.MethodPost, "/auth/login", map[string]string{"username": username, "password": demo.DefaultPassword}, &res)
	if err != nil || status != http.StatusOK {
		return "", fmt.Errorf("login %s: %d %v", username, status, err)
	}
	return res.Token, nil
}

// ids lists the ids of a list page.
func (c *client) ids(token, path string) ([]string, error) {
	var page struct {
		Items []struct {
			ID string `json:"id"`
		} `json:"items"`
	}
	status, raw, err := c.do(token, http.MethodGet, path, nil, &page)
	if err != nil || status != http.StatusOK {
		return nil, fmt.Errorf("GET %s: %d %v %s", path, status, err, raw)
	}
	var out []string
	for _, it := range page.Items {
		out = append(out, it.ID)
	}
	return out, nil
}

// do sends a request and decodes a JSON answer into v (when not nil); it
// returns the status and the raw body.
func (c *client) do(token, method, path string, body, v any) (int, []byte, error) {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return 0, nil, err
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, c.base+path, rd)
	if err != nil {
		return 0, nil, err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := c.http.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	if err != nil {
		return res.StatusCode, nil, err
	}
	if v != nil && res.StatusCode < 300 {
		if err := json.Unmarshal(raw, v); err != nil {
			return res.StatusCode, raw, err
		}
	}
	return res.StatusCode, raw, nil
}

// user is one simulated user of a role.
type user struct {
	c                    *client
	token, role          string
	seq                  int
	rand                 *rand.Rand
	students, placements []string
	created              []string // students this user created, for its updates
	made                 int
	tally                *tally
}

func (u *user) run(deadline time.Time) {
	for time.Now().Before(deadline) {
		switch u.role {
		case "office1", "office2":
			switch r := u.rand.IntN(10); {
			case r < 3:
				u.get("list students", "/students?pageSize=20&page="+fmt.Sprint(1+u.rand.IntN(20)), false)
			case r < 6:
				u.get("get student", "/students/"+u.pick(u.students), false)
			case r < 7:
				u.create()
			case r < 9:
				u.update()
			default:
				u.get("get placement", "/placements/"+u.pick(u.placements), false)
			}
		case "auditor":
			switch r := u.rand.IntN(10); {
			case r < 3:
				u.get("list students", "/students?pageSize=20&page="+fmt.Sprint(1+u.rand.IntN(20)), true)
			case r < 7:
				u.get("get student", "/students/"+u.pick(u.students), true)
			default:
				u.get("get placement", "/placements/"+u.pick(u.placements), true)
			}
		default:
			if u.rand.IntN(10) < 3 {
				u.get("list placements (portal)", "/placements?pageSize=20", true)
			} else {
				u.get("get placement (portal)", "/placements/"+u.pick(u.placements), true)
			}
		}
	}
}

func (u *user) pick(ids []string) string { return ids[u.rand.IntN(len(ids))] }

// get reads path; masked asks that no full ID number appears in the answer.
func (u *user) get(kind, path string, masked bool) {
	t0 := time.Now()
	status, raw, err := u.c.do(u.token, http.MethodGet, path, nil, nil)
	d := time.Since(t0)
	ok := err == nil && status == http.StatusOK
	if ok && masked && fullIDNumber(raw) {
		ok = false
	}
	u.tally.add(kind, d, ok)
}

// create adds a student with a new valid ID number.
func (u *user) create() {
	u.made++
	born := time.Date(2008, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, u.made%3000)
	first17 := fmt.Sprintf("120106%s%03d", born.Format("20060102"), u.seq*7%1000)
	body := map[string]any{"studentNo": fmt.Sprintf("LOAD%02d%05d", u.seq, u.made), "name": "压测学生", "idNumber": first17 + string(models.IDNumberCheckChar(first17)),
		"majorCode": "710201", "className": "计算机1班", "cohortYear": 2025, "status": "enrolled"}
	var res struct {
		ID string `json:"id"`
	}
	t0 := time.Now()
	status, _, err := u.c.do(u.token, http.MethodPost, "/students", body, &res)
	u.tally.add("create student", time.Since(t0), err == nil && status == http.StatusCreated)
	if err == nil && status == http.StatusCreated {
		u.created = append(u.created, res.ID)
	}
}

// update renames a student this user created, under the version it read.
func (u *user) update() {
	if len(u.created) == 0 {
		u.create()
		return
	}
	id := u.pick(u.created)
	var s struct {
		Version int64 `json:"version"`
	}
	status, _, err := u.c.do(u.token, http.MethodGet, "/students/"+id, nil, &s)
	if err != nil || status != http.StatusOK {
		u.tally.add("update student", 0, false)
		return
	}
	t0 := time.Now()
	status, _, err = u.c.do(u.token, http.MethodPatch, "/students/"+id, map[string]any{"version": s.Version, "className": fmt.Sprintf("计算机%d班", 1+u.rand.IntN(3))}, nil)
	u.tally.add("update student", time.Since(t0), err == nil && status == http.StatusOK)
}

// fullIDNumber reports whether an answer holds an unmasked ID number: 17
// digits and a check character under an idNumber key.
func fullIDNumber(raw []byte) bool {
	s := string(raw)
	for i := strings.Index(s, `"idNumber":"`); i >= 0; {
		v := s[i+len(`"idNumber":"`):]
		if end := strings.IndexByte(v, '"'); end == 18 && !strings.Contains(v[:end], "*") {
			return true
		}
		next := strings.Index(v, `"idNumber":"`)
		if next < 0 {
			break
		}
		s, i = v, next
	}
	return false
}

// tally gathers latencies per kind of request.
type tally struct {
	mu     sync.Mutex
	by     map[string][]time.Duration
	errors map[string]int
}

func newTally() *tally { return &tally{by: map[string][]time.Duration{}, errors: map[string]int{}} }

func (t *tally) add(kind string, d time.Duration, ok bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if !ok {
		t.errors[kind]++
		return
	}
	t.by[kind] = append(t.by[kind], d)
}

func (t *tally) print(took time.Duration, size, users int) error {
	fmt.Printf("\nsize %d×, %d users, %.0fs\n\n", size, users, took.Seconds())
	fmt.Println("| request | count | per second | p50 | p99 | max | errors |")
	fmt.Println("|---|---|---|---|---|---|---|")
	var kinds []string
	for k := range t.by {
		kinds = append(kinds, k)
	}
	for k := range t.errors {
		if _, ok := t.by[k]; !ok {
			kinds = append(kinds, k)
		}
	}
	slices.Sort(kinds)
	total, failed := 0, 0
	for _, k := range kinds {
		ds := t.by[k]
		slices.Sort(ds)
		total += len(ds)
		failed += t.errors[k]
		fmt.Printf("| %s | %d | %.1f | %s | %s | %s | %d |\n", k, len(ds), float64(len(ds))/took.Seconds(), pct(ds, 50), pct(ds, 99), pct(ds, 100), t.errors[k])
	}
	fmt.Printf("\n%d requests, %.1f per second, %d errors\n", total, float64(total)/took.Seconds(), failed)
	if failed > 0 {
		return fmt.Errorf("%d requests failed", failed)
	}
	return nil
}

// pct is the p-th percentile of sorted ds (nearest rank).
func pct(ds []time.Duration, p int) string {
	if len(ds) == 0 {
		return "–"
	}
	i := (len(ds)*p + 99) / 100
	i = min(max(i, 1), len(ds))
	return ds[i-1].Round(100 * time.Microsecond).String()
}
