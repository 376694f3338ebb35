package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"
)

// The kill drill runs the real binary as a child process, so that SIGKILL ends
// the server and its embedded store at once, as a crash or the OOM killer would.

// buildServer builds this package's binary once into a temporary directory.
func buildServer(t *testing.T) string {
	t.Helper()
	gobin, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("the drill builds the server with the go command: %v", err)
	}
	bin := filepath.Join(t.TempDir(), "server")
	began := time.Now()
	out, err := exec.Command(gobin, "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	t.Logf("built the server in %v", time.Since(began).Round(time.Millisecond))
	return bin
}

// child is the server running as a child process on a port of its own.
type child struct {
	t    *testing.T
	cmd  *exec.Cmd
	base string
	log  string        // file of its output
	done chan struct{} // closed once it has exited
	err  error         // its exit, once done
}

// startChild starts bin on dataDir with the admin password adminPassword, its
// output to logName in the test's temporary directory, and waits until /readyz
// answers 200. The child is killed when the test ends, whatever happened.
func startChild(t *testing.T, bin, dataDir, logName string) *child {
	t.Helper()
	port := freePort(t)
	logPath := filepath.Join(t.TempDir(), logName)
	out, err := os.Create(logPath)
	if err != nil {
		t.Fatal(err)
	}
	defer out.Close() // the child holds its own descriptor
	cmd := exec.Command(bin)
	cmd.Env = append(childEnv(), "DATA_DIR="+dataDir, "ADMIN_PASSWORD="+adminPassword, "PORT="+port, "METRICS_ADDR=off", "LOG_LEVEL=info")
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	c := &child{t: t, cmd: cmd, base: "http://127.0.0.1:" + port, log: logPath, done: make(chan struct{})}
	go func() { c.err = cmd.Wait(); close(c.done) }()
	t.Cleanup(func() {
		c.kill()
		if t.Failed() {
			t.Logf("%s, warnings and errors and the last lines:\n%s", logName, c.tail(10))
		}
	})
	c.waitReady(60 * time.Second)
	return c
}

// childEnv is the test's environment without the server's own settings, so that
// a MONGODB_URI or PORT of the shell running the tests does not leak in.
func childEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		if !isSetting(name) {
			env = append(env, kv)
		}
	}
	return env
}

func isSetting(env string) bool {
	for _, s := range settings {
		if s.env == env {
			return true
		}
	}
	return false
}

func freePort(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	return port
}

func (c *child) waitReady(limit time.Duration) {
	c.t.Helper()
	deadline := time.Now().Add(limit)
	for time.Now().Before(deadline) {
		select {
		case <-c.done:
			c.t.Fatalf("the server exited before it was ready (%v):\n%s", c.err, c.tail(20))
		default:
		}
		if res, err := http.Get(c.base + "/readyz"); err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	c.t.Fatalf("the server was not ready within %v:\n%s", limit, c.tail(20))
}

// kill sends SIGKILL, unless the child has exited, and waits for it to die.
func (c *child) kill() {
	select {
	case <-c.done:
		return
	default:
	}
	if err := c.cmd.Process.Signal(syscall.SIGKILL); err != nil && !errors.Is(err, os.ErrProcessDone) {
		c.t.Errorf("SIGKILL: %v", err)
	}
	<-c.done
}

// tail is the child's warnings and errors (the last 30) and the last n lines of
// its output.
func (c *child) tail(n int) string {
	b, err := os.ReadFile(c.log)
	if err != nil {
		return err.Error()
	}
	lines := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	var bad []string
	for _, l := range lines[:max(len(lines)-n, 0)] {
		if !strings.Contains(l, `"level":"INFO"`) {
			bad = append(bad, l)
		}
	}
	return strings.Join(append(bad[max(len(bad)-30, 0):], lines[max(len(lines)-n, 0):]...), "\n")
}

// webClient drives the pages as a browser does: it keeps cookies and posts
// forms with their CSRF token; redirects are returned, not followed.
type webClient struct {
	base string
	hc   *http.Client
}

func newWebClient(t *testing.T, base string) *webClient {
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &webClient{base: base, hc: &http.Client{Jar: jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// do sends a request and reads the whole answer. It returns an error rather
// than failing the test, since a request the drill kills is meant to fail.
func (w *webClient) do(method, path, contentType string, body io.Reader) (int, string, http.Header, error) {
	req, err := http.NewRequest(method, w.base+path, body)
	if err != nil {
		return 0, "", nil, err
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	res, err := w.hc.Do(req)
	if err != nil {
		return 0, "", nil, err
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	return res.StatusCode, string(raw), res.Header, err
}

var csrfInput = regexp.MustCompile(`name="_csrf" value="([^"]+)"`)

// csrf reads the form token on the page at path.
func (w *webClient) csrf(t *testing.T, path string) string {
	t.Helper()
	status, page, _, err := w.do("GET", path, "", nil)
	m := csrfInput.FindStringSubmatch(page)
	if err != nil || status != http.StatusOK || m == nil {
		t.Fatalf("GET %s: %d %v, no CSRF field", path, status, err)
	}
	return m[1]
}

// post sends a form with the token of the page at formPath.
func (w *webClient) post(t *testing.T, formPath, path string, form url.Values) (int, string, http.Header) {
	t.Helper()
	form.Set("_csrf", w.csrf(t, formPath))
	status, page, hdr, err := w.do("POST", path, "application/x-www-form-urlencoded", strings.NewReader(form.Encode()))
	if err != nil {
		t.Fatalf("POST %s: %v", path, err)
	}
	return status, page, hdr
}

func (w *webClient) login(t *testing.T, user, password string) {
	t.Helper()
	status, _, hdr := w.post(t, "/login", "/login", url.Values{"username": {user}, "password": {password}})
	if status != http.StatusSeeOther || hdr.Get("Location") == "/login" {
		t.Fatalf("web login as %s: %d to %q", user, status, hdr.Get("Location"))
	}
}

// uploadStudents posts a students workbook from the import page, as its form
// does, and returns the preview's path.
func (w *webClient) uploadStudents(t *testing.T, file []byte) string {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	_ = mw.WriteField("_csrf", w.csrf(t, "/imports/students"))
	fw, _ := mw.CreateFormFile("file", "学生.xlsx")
	_, _ = fw.Write(file)
	_ = mw.Close()
	status, page, hdr, err := w.do("POST", "/imports/students", mw.FormDataContentType(), &body)
	if err != nil || status != http.StatusSeeOther {
		t.Fatalf("upload: %d %v\n%.2000s", status, err, page)
	}
	return hdr.Get("Location")
}

// counts reads three numbers off a page with re, which has three groups.
func counts(t *testing.T, what string, re *regexp.Regexp, page string) [3]int {
	t.Helper()
	m := re.FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("%s: no counts on the page:\n%.3000s", what, page)
	}
	var out [3]int
	for i := range out {
		if _, err := fmt.Sscan(m[i+1], &out[i]); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	return out
}
