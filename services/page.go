package services

import (
	"fmt"

	"gorm.io/gorm"
)

// MaxPerPage bounds one page of any list.
const MaxPerPage = 1000

// Page selects one page of a list; zero values mean the first page of 100.
type Page struct {
	Page    int
	PerPage int
}

// Apply limits q to the page.
func (p Page) Apply(q *gorm.DB) *gorm.DB {
	offset, limit := p.Bounds()
	return q.Limit(limit).Offset(offset)
}

// Bounds returns the page's offset and length, the zero values filled in.
func (p Page) Bounds() (offset, limit int) {
	per := p.PerPage
	if per <= 0 {
		per = 100
	}
	if per > MaxPerPage {
		per = MaxPerPage
	}
	page := p.Page
	if page < 1 {
		page = 1
	}
	return (page - 1) * per, per
}

// FindPage counts the rows q selects and reads page p of them in order; what
// names the rows in errors. Listings answer with both: the page and the total.
func FindPage[T any](q *gorm.DB, p Page, order, what string) ([]T, int64, error) {
	var total int64
	if err := q.Count(&total).Error; err != nil {
		return nil, 0, fmt.Errorf("count %s: %w", what, err)
	}
	var rows []T
	if err := p.Apply(q).Order(order).Find(&rows).Error; err != nil {
		return nil, 0, fmt.Errorf("list %s: %w", what, err)
	}
	return rows, total, nil
}
