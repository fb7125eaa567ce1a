package server

import (
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"

	"centerstage/services"
)

// statusOf maps each kind of user-caused failure to its HTTP status.
var statusOf = map[services.ErrorKind]int{
	services.Invalid:      http.StatusBadRequest,
	services.Unauthorized: http.StatusUnauthorized,
	services.Forbidden:    http.StatusForbidden,
	services.NotFound:     http.StatusNotFound,
	services.Conflict:     http.StatusConflict,
	services.Stale:        http.StatusConflict,
	services.Rule:         http.StatusUnprocessableEntity,
	services.Throttled:    http.StatusTooManyRequests,
	services.Unavailable:  http.StatusServiceUnavailable,
}

// kindTooLarge is the error code of a request body over the limit.
const kindTooLarge = "too_large"

type errorPayload struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Details any    `json:"details,omitempty"`
}

type errorEnvelope struct {
	Error errorPayload `json:"error"`
}

func errorBody(code, message string, details any) errorEnvelope {
	if m, ok := details.(map[string]any); ok && len(m) == 0 {
		details = nil
	}
	return errorEnvelope{Error: errorPayload{Code: code, Message: message, Details: details}}
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
		status, ok := statusOf[se.Kind]
		if !ok {
			status = http.StatusInternalServerError
		}
		if se.Kind == services.Throttled {
			if secs, ok := se.Details["retry_after_seconds"].(int); ok {
				c.Header("Retry-After", itoa(secs))
			}
		}
		c.AbortWithStatusJSON(status, errorBody(string(se.Kind), se.Message, se.DetailsOrFields()))
	case errors.As(err, &tooBig):
		c.AbortWithStatusJSON(http.StatusRequestEntityTooLarge,
			errorBody(kindTooLarge, "request body is larger than "+itoa(int(tooBig.Limit))+" bytes", nil))
	case services.Unreachable(err):
		s.log.ErrorContext(c.Request.Context(), "database unavailable", "route", c.FullPath(), "request_id", requestID(c), "err", err)
		c.AbortWithStatusJSON(http.StatusServiceUnavailable, errorBody(string(services.Unavailable), "the database is unavailable; try again shortly", nil))
	default:
		s.log.ErrorContext(c.Request.Context(), "request failed", "route", c.FullPath(), "request_id", requestID(c), "err", err)
		c.AbortWithStatusJSON(http.StatusInternalServerError, errorBody("internal", "internal error", nil))
	}
}
