package server

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"

	"github.com/gin-gonic/gin"

	"centerstage/services"
)

const (
	headerIdempotencyKey = "Idempotency-Key"
	// headerReplayed marks an answer given again for a repeated key.
	headerReplayed   = "Idempotent-Replayed"
	maxIdempotentKey = 200
)

// creates reports whether r is a create, which takes an Idempotency-Key: a
// POST answering 201.
func creates(r route) bool { return r.Method == http.MethodPost && r.Doc.Status == http.StatusCreated }

// validKey reports whether k is 1 to 200 visible ASCII characters.
func validKey(k string) bool {
	if k == "" || len(k) > maxIdempotentKey {
		return false
	}
	for i := 0; i < len(k); i++ {
		if k[i] < 0x21 || k[i] > 0x7e {
			return false
		}
	}
	return true
}

// idempotent runs the create h once per user and Idempotency-Key (see
// services.Idempotency.Do): the same key from the same user within 24 hours
// answers the first answer again, marked Idempotent-Replayed, and writes
// nothing; with another method, path or body it is refused 422. h runs with
// a context whose statements all run in the transaction that stores the
// key, and writes into a buffer: its answer is sent once that transaction
// has committed. A request without the header is h alone.
func (s *Server) idempotent(h func(*gin.Context) error) func(*gin.Context) error {
	return func(c *gin.Context) error {
		key := c.GetHeader(headerIdempotencyKey)
		if key == "" {
			return h(c)
		}
		if !validKey(key) {
			return services.FieldError(headerIdempotencyKey, services.InvalidFormat("3f0c9a2e-6b1d-4c55-9a7e-0d2b8c1e5f47",
				"must be 1 to 200 visible ASCII characters, such as a UUID"))
		}
		var body []byte
		if c.Request.Body != nil {
			var err error
			if body, err = io.ReadAll(c.Request.Body); err != nil {
				return err
			}
		}
		sum := sha256.New()
		for _, part := range []string{c.Request.Method, c.Request.URL.Path, c.Request.URL.RawQuery} {
			sum.Write([]byte(part))
			sum.Write([]byte{0})
		}
		sum.Write(body)
		req := services.IdempotentRequest{UserID: s.actor(c).UserID, Key: key, Fingerprint: hex.EncodeToString(sum.Sum(nil))}
		orig, origReq := c.Writer, c.Request
		a, replayed, err := s.svc.Idempotency.Do(c.Request.Context(), req, func(ctx context.Context) (services.Answer, error) {
			buf := &bufferedWriter{ResponseWriter: orig, status: http.StatusOK}
			c.Writer = buf
			c.Request = origReq.WithContext(ctx)
			c.Request.Body = io.NopCloser(bytes.NewReader(body))
			defer func() { c.Writer, c.Request = orig, origReq }()
			if err := h(c); err != nil {
				return services.Answer{}, err
			}
			return services.Answer{Status: buf.status, ContentType: orig.Header().Get("Content-Type"), Body: buf.body.Bytes()}, nil
		})
		if err != nil {
			return err
		}
		if replayed {
			c.Header(headerReplayed, "true")
		}
		c.Data(a.Status, a.ContentType, a.Body)
		return nil
	}
}

// bufferedWriter keeps a handler's answer (status and body) instead of
// sending it; headers go to the real writer's header map.
type bufferedWriter struct {
	gin.ResponseWriter
	status  int
	written bool
	body    bytes.Buffer
}

func (w *bufferedWriter) WriteHeader(code int) {
	if !w.written {
		w.status = code
	}
}

func (w *bufferedWriter) WriteHeaderNow() { w.written = true }

func (w *bufferedWriter) Write(b []byte) (int, error) {
	w.written = true
	return w.body.Write(b)
}

func (w *bufferedWriter) WriteString(s string) (int, error) {
	w.written = true
	return w.body.WriteString(s)
}

func (w *bufferedWriter) Status() int   { return w.status }
func (w *bufferedWriter) Size() int     { return w.body.Len() }
func (w *bufferedWriter) Written() bool { return w.written }
func (w *bufferedWriter) Flush()        {}
