package server

import (
	"context"
	"net/http"

	"github.com/gin-gonic/gin"

	"centerstage/services"
)

// Shared handlers for the shapes most routes take: read, change, create,
// delete or list one kind of thing through its service and answer its wire
// view. Each takes the service call as a method value (s.svc.Venues.Get) and
// the conversions as plain functions, so that a route table says in one line
// what its handler does; a route whose steps differ keeps a handler of its own.

// byID answers what call returns for the thing the path's :id names, as
// view: a read, or a change that needs no body (a deactivation).
func byID[T, V any](s *Server, call func(context.Context, services.Actor, uint64) (T, error), view func(T) V) func(*gin.Context) error {
	return func(c *gin.Context) error {
		id, err := pathID(c, "id")
		if err != nil {
			return err
		}
		v, err := call(c.Request.Context(), s.actor(c), id)
		if err != nil {
			return err
		}
		return ok(c, view(v))
	}
}

// updateByID changes the thing the path's :id names by the JSON body,
// converted to the service's change by change, and answers it as view.
func updateByID[R, P, T, V any](s *Server, update func(context.Context, services.Actor, uint64, P) (T, error),
	change func(R) P, view func(T) V) func(*gin.Context) error {
	return func(c *gin.Context) error {
		var req R
		id, err := s.idAndJSON(c, &req)
		if err != nil {
			return err
		}
		v, err := update(c.Request.Context(), s.actor(c), id, change(req))
		if err != nil {
			return err
		}
		return ok(c, view(v))
	}
}

// createFrom creates a thing from the JSON body, converted to the service's
// input by input, and answers 201 with it as view.
func createFrom[R, I, T, V any](s *Server, create func(context.Context, services.Actor, I) (T, error),
	input func(R) I, view func(T) V) func(*gin.Context) error {
	return fromBody(s, http.StatusCreated, create, input, view)
}

// withBody answers what call makes of the JSON body, converted to the
// service's input by input, as view: the setting of a thing of which there
// is one (the center's settings), or a question asked in a body.
func withBody[R, I, T, V any](s *Server, call func(context.Context, services.Actor, I) (T, error),
	input func(R) I, view func(T) V) func(*gin.Context) error {
	return fromBody(s, http.StatusOK, call, input, view)
}

func fromBody[R, I, T, V any](s *Server, status int, call func(context.Context, services.Actor, I) (T, error),
	input func(R) I, view func(T) V) func(*gin.Context) error {
	return func(c *gin.Context) error {
		var req R
		if err := s.bindJSON(c, &req); err != nil {
			return err
		}
		v, err := call(c.Request.Context(), s.actor(c), input(req))
		if err != nil {
			return err
		}
		c.JSON(status, view(v))
		return nil
	}
}

// deleteByID deletes the thing the path's :id names and answers 204.
func deleteByID(s *Server, remove func(context.Context, services.Actor, uint64) error) func(*gin.Context) error {
	return func(c *gin.Context) error {
		id, err := pathID(c, "id")
		if err != nil {
			return err
		}
		if err := remove(c.Request.Context(), s.actor(c), id); err != nil {
			return err
		}
		c.Status(http.StatusNoContent)
		return nil
	}
}

// listBy reads a filter from the query parameters with read (refusing the
// request with every problem found), finds a page of things by it and
// answers them with the unpaged total.
func listBy[F, T any](s *Server, read func(*query) F, find func(context.Context, services.Actor, F) ([]T, int64, error),
	answer func(*gin.Context, []T, int64) error) func(*gin.Context) error {
	return func(c *gin.Context) error {
		q := s.query(c)
		f := read(q)
		if err := q.Err(); err != nil {
			return err
		}
		items, total, err := find(c.Request.Context(), s.actor(c), f)
		if err != nil {
			return err
		}
		return answer(c, items, total)
	}
}

// listOfYear answers the whole list of one year's things (?year=, every
// year when absent), unpaged.
func listOfYear[T any](s *Server, find func(context.Context, services.Actor, int) ([]T, error)) func(*gin.Context) error {
	return func(c *gin.Context) error {
		q := s.query(c)
		year := q.Int("year", 0, 2000, 2100)
		if err := q.Err(); err != nil {
			return err
		}
		items, err := find(c.Request.Context(), s.actor(c), year)
		if err != nil {
			return err
		}
		return list(c, items, int64(len(items)))
	}
}

// listOf is the answer of listBy for things shown as view.
func listOf[T, V any](view func(T) V) func(*gin.Context, []T, int64) error {
	return func(c *gin.Context, items []T, total int64) error {
		return list(c, views(items, view), total)
	}
}

// views converts each item to its wire view.
func views[T, V any](items []T, view func(T) V) []V {
	out := make([]V, len(items))
	for i, it := range items {
		out[i] = view(it)
	}
	return out
}

// asIs is the view of a thing whose service type is already its wire shape.
func asIs[T any](v T) T { return v }
