package server

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"io"
	"net/http"
	"os"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"centerstage/services"
)

const (
	ctxRequestID = "request_id"
	ctxActor     = "actor"
	headerReqID  = "X-Request-ID"
)

var safeRequestID = regexp.MustCompile(`^[A-Za-z0-9._-]{1,64}$`)

// withRequestID gives every request an id (the caller's, when well formed),
// echoed in the response and written to every log line.
func (s *Server) withRequestID(c *gin.Context) {
	id := c.GetHeader(headerReqID)
	if !safeRequestID.MatchString(id) {
		b := make([]byte, 8)
		_, _ = rand.Read(b)
		id = hex.EncodeToString(b)
	}
	c.Set(ctxRequestID, id)
	c.Header(headerReqID, id)
	c.Next()
}

func requestID(c *gin.Context) string { return c.GetString(ctxRequestID) }

// logRequests writes one structured line per request.
func (s *Server) logRequests(c *gin.Context) {
	start := time.Now()
	c.Next()
	s.log.InfoContext(c.Request.Context(), "request",
		"request_id", requestID(c), "method", c.Request.Method, "path", c.Request.URL.Path,
		"route", c.FullPath(), "status", c.Writer.Status(), "bytes", c.Writer.Size(),
		"duration_ms", time.Since(start).Milliseconds(), "remote", c.ClientIP())
}

// recoverPanics turns a panic into a logged 500 with the error envelope.
func (s *Server) recoverPanics(c *gin.Context) {
	defer func() {
		if p := recover(); p != nil {
			if p == http.ErrAbortHandler {
				panic(p)
			}
			s.log.ErrorContext(c.Request.Context(), "panic", "request_id", requestID(c), "route", c.FullPath(), "panic", p)
			abort(c, internalError())
		}
	}()
	c.Next()
}

// contentSecurityPolicy is the CSP of every response. The app is served from
// this origin only and runs no inline script and no inline style: its styles
// are files, and what it styles at run time goes through the CSSOM
// (element.style, Vue's :style bindings, ECharts and FullCalendar), which CSP
// does not govern. The one hash allows an empty <style> element: FullCalendar
// inserts <style data-fullcalendar></style> and fills it rule by rule through
// the CSSOM; with no source for it the browser gives the element no sheet
// and the calendar fails. An empty element styles nothing, and an injected
// one with content does not match the hash.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; " +
	"style-src 'self' '" + emptyStyleHash + "'; " +
	"img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; object-src 'none'; " +
	"base-uri 'self'; form-action 'self'; frame-ancestors 'none'"

// emptyStyleHash is the CSP hash of an empty inline style: base64 of the
// SHA-256 of no bytes.
const emptyStyleHash = "sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="

// securityHeaders sets the headers every response carries, errors included.
func (s *Server) securityHeaders(c *gin.Context) {
	h := c.Writer.Header()
	h.Set("Content-Security-Policy", contentSecurityPolicy)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
	h.Set("Cross-Origin-Opener-Policy", "same-origin")
	if s.cfg.Production {
		h.Set("Strict-Transport-Security", "max-age=63072000; includeSubDomains")
	}
	if strings.HasPrefix(c.Request.URL.Path, "/api/") {
		// Answers name people and their figures: no cache keeps a copy.
		h.Set("Cache-Control", "no-store")
	}
	c.Next()
}

// limitBody bounds request bodies; reading past the limit fails with
// *http.MaxBytesError, which the error mapper answers with 413.
func (s *Server) limitBody(c *gin.Context) {
	if c.Request.ContentLength > s.cfg.MaxBodyBytes {
		abort(c, tooLarge(s.cfg.MaxBodyBytes))
		return
	}
	if c.Request.Body != nil {
		c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, s.cfg.MaxBodyBytes)
	}
	c.Next()
}

// readBody reads the whole (limited) request body before anything else
// runs, within its own deadline: a client trickling bytes is answered 408,
// and holds neither a database connection nor the request's deadline,
// which starts only once the body is in.
func (s *Server) readBody(c *gin.Context) {
	if c.Request.Body == nil || c.Request.Body == http.NoBody {
		c.Next()
		return
	}
	rc := http.NewResponseController(c.Writer)
	_ = rc.SetReadDeadline(time.Now().Add(s.cfg.BodyTimeout)) // unsupported by test recorders
	body, err := io.ReadAll(c.Request.Body)
	_ = rc.SetReadDeadline(time.Time{})
	var tooBig *http.MaxBytesError
	switch {
	case errors.Is(err, os.ErrDeadlineExceeded):
		secs := int(s.cfg.BodyTimeout.Round(time.Second) / time.Second)
		c.Header("Connection", "close")
		abort(c, services.Fail(services.Timeout, services.ReasonBodyTimeout, services.Params{"seconds": secs},
			"the request body took longer than %s to arrive", s.cfg.BodyTimeout))
		return
	case errors.As(err, &tooBig):
		abort(c, tooLarge(tooBig.Limit))
		return
	case err != nil:
		// The client went away or sent a broken chunked body.
		abort(c, services.Fail(services.Invalid, services.ReasonBodyUnreadable, nil, "the request body could not be read"))
		return
	}
	c.Request.Body = io.NopCloser(bytes.NewReader(body))
	c.Next()
}

// withDeadline gives the rest of the request, database work included,
// RequestTimeout to finish: past it every query in flight is cancelled and
// the request answers 503 rather than waiting as long as a frozen database.
func (s *Server) withDeadline(c *gin.Context) {
	ctx, cancel := context.WithTimeout(c.Request.Context(), s.cfg.RequestTimeout)
	defer cancel()
	c.Request = c.Request.WithContext(ctx)
	c.Next()
}

// authenticate checks the bearer token and the route's roles.
func (s *Server) authenticate(roles []string) gin.HandlerFunc {
	return func(c *gin.Context) {
		h := c.GetHeader("Authorization")
		token, ok := strings.CutPrefix(h, "Bearer ")
		if !ok || token == "" {
			c.Header("WWW-Authenticate", `Bearer realm="centerstage"`)
			s.fail(c, services.Fail(services.Unauthorized, services.ReasonLoginRequired, nil, "log in first: missing bearer token"))
			return
		}
		u, err := s.svc.Auth.Authenticate(c.Request.Context(), token)
		if err != nil {
			c.Header("WWW-Authenticate", `Bearer realm="centerstage", error="invalid_token"`)
			s.fail(c, err)
			return
		}
		if len(roles) > 0 && !contains(roles, u.Role) {
			s.fail(c, services.Fail(services.Forbidden, services.ReasonRoleNotAllowed, services.Params{"role": u.Role}, "your role (%s) may not do this", u.Role))
			return
		}
		c.Set(ctxActor, services.Actor{UserID: u.ID, Username: u.Username, Role: u.Role, RequestID: requestID(c)})
		c.Next()
	}
}

// actor is the authenticated caller; public routes get an anonymous actor.
func (s *Server) actor(c *gin.Context) services.Actor {
	if a, ok := c.Get(ctxActor); ok {
		return a.(services.Actor)
	}
	return services.Actor{RequestID: requestID(c)}
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

func itoa(n int) string { return strconv.Itoa(n) }
