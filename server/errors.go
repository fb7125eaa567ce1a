package server

import (
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"

	"centerstage/services"
)

// statusOf maps each kind of failure to its HTTP status.
var statusOf = map[services.ErrorKind]int{
	services.Invalid:          http.StatusBadRequest,
	services.Unauthorized:     http.StatusUnauthorized,
	services.Forbidden:        http.StatusForbidden,
	services.NotFound:         http.StatusNotFound,
	services.Conflict:         http.StatusConflict,
	services.Stale:            http.StatusConflict,
	services.Rule:             http.StatusUnprocessableEntity,
	services.Throttled:        http.StatusTooManyRequests,
	services.Unavailable:      http.StatusServiceUnavailable,
	services.Timeout:          http.StatusRequestTimeout,
	services.TooLarge:         http.StatusRequestEntityTooLarge,
	services.MethodNotAllowed: http.StatusMethodNotAllowed,
	services.Internal:         http.StatusInternalServerError,
}

// errorPayload is the body of every failed request under "error".
type errorPayload struct {
	// Code is the kind of failure, one per HTTP status.
	Code string `json:"code"`
	// Reason is the stable code of what exactly failed, for the app to
	// translate; absent when the code says it all.
	Reason string `json:"reason,omitempty"`
	// Message is English, for logs and scripts.
	Message string `json:"message"`
	// Params are the values the reason's sentence names.
	Params services.Params `json:"params,omitempty"`
	// Details holds "fields" (invalid), "conflicts" (conflict) and
	// "retry_after_seconds" (throttled).
	Details map[string]any `json:"details,omitempty"`
}

type errorEnvelope struct {
	Error errorPayload `json:"error"`
}

// errorBody is the envelope of e.
func errorBody(e *services.Error) errorEnvelope {
	p := errorPayload{Code: string(e.Kind), Reason: e.Reason.String(), Message: e.Message, Details: e.DetailsOrFields()}
	if len(e.Params) > 0 {
		p.Params = e.Params
	}
	if len(p.Details) == 0 {
		p.Details = nil
	}
	return errorEnvelope{Error: p}
}

// abort ends the request with e, answered with its kind's status.
func abort(c *gin.Context, e *services.Error) {
	status, ok := statusOf[e.Kind]
	if !ok {
		status = http.StatusInternalServerError
	}
	c.Header("Cache-Control", "no-store")
	c.Set(errorKindKey, e.Kind)
	c.AbortWithStatusJSON(status, errorBody(e))
}

func internalError() *services.Error {
	return services.Fail(services.Internal, services.ReasonInternal, nil, "internal error")
}

func tooLarge(limit int64) *services.Error {
	return services.Fail(services.TooLarge, services.ReasonBodyTooLarge, services.Params{"bytes": limit},
		"request body is larger than %d bytes", limit)
}

func dbUnavailable(msg string) *services.Error {
	return services.Fail(services.Unavailable, services.ReasonDBUnavailable, nil, "%s", msg)
}

// handle adapts an error-returning handler; it is the only place an error
// becomes a response.
func (s *Server) handle(h func(*gin.Context) error) gin.HandlerFunc {
	return func(c *gin.Context) {
		if err := h(c); err != nil {
			s.fail(c, err)
		}
	}
}

// fail writes err as the error envelope with its status.
func (s *Server) fail(c *gin.Context, err error) {
	var se *services.Error
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &se):
		if se.Kind == services.Throttled {
			if secs, ok := se.Details["retry_after_seconds"].(int); ok {
				c.Header("Retry-After", itoa(secs))
			}
		}
		abort(c, se)
	case errors.As(err, &tooBig):
		abort(c, tooLarge(tooBig.Limit))
	case services.Unreachable(err):
		s.log.ErrorContext(c.Request.Context(), "database unavailable", "route", c.FullPath(), "request_id", requestID(c), "err", err)
		abort(c, dbUnavailable("the database is unavailable; try again shortly"))
	default:
		s.log.ErrorContext(c.Request.Context(), "request failed", "route", c.FullPath(), "request_id", requestID(c), "err", err)
		abort(c, internalError())
	}
}
