package store

import (
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"net"
	"syscall"

	mysqldriver "github.com/go-sql-driver/mysql"
	"gorm.io/driver/mysql"
	"gorm.io/gorm"
)

// ErrUnavailable marks an error that means the database could not be
// reached or dropped the connection — a restart, a failover, a network
// cut — rather than a fault in the request: trying again later may work.
// Match it with errors.Is. The web layer, which does not import store,
// recognises it by its Unavailable method and answers 503.
var ErrUnavailable error = unavailable{}

type unavailable struct{}

func (unavailable) Error() string { return "database unavailable" }

// Unavailable says, to packages that cannot name ErrUnavailable, that the
// failure is temporary.
func (unavailable) Unavailable() bool { return true }

// markUnavailable wraps err in ErrUnavailable when it says the connection
// to the database is gone, and returns any other error unchanged.
func markUnavailable(err error) error {
	if err == nil || errors.Is(err, ErrUnavailable) || !connectionLost(err) {
		return err
	}
	return fmt.Errorf("%w: %w", ErrUnavailable, err)
}

// connectionLost recognises the driver's ways of saying that the server is
// not there: a refused or broken connection, a connection the server closed
// while shutting down, or a server refusing new connections.
func connectionLost(err error) bool {
	var netErr *net.OpError
	var myErr *mysqldriver.MySQLError
	switch {
	case errors.Is(err, driver.ErrBadConn), errors.Is(err, mysqldriver.ErrInvalidConn),
		errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, syscall.ECONNREFUSED),
		errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EPIPE):
		return true
	case errors.As(err, &netErr):
		return true
	case errors.As(err, &myErr):
		switch myErr.Number {
		case 1040, // too many connections
			1053, // server shutdown in progress
			1927, // MariaDB: connection killed
			4031: // MySQL: disconnected by the server for inactivity
			return true
		}
	}
	return false
}

// mysqlDialect is gorm's MySQL dialect whose errors also say when the
// connection was lost. gorm passes the errors of statements, BEGIN and
// COMMIT through Translate; those of Rows and Scan it records directly, so
// a callback after each row query marks them too.
type mysqlDialect struct{ *mysql.Dialector }

// Translate implements gorm.ErrorTranslator.
func (d mysqlDialect) Translate(err error) error {
	return markUnavailable(d.Dialector.Translate(err))
}

// Initialize implements gorm.Dialector.
func (d mysqlDialect) Initialize(db *gorm.DB) error {
	if err := d.Dialector.Initialize(db); err != nil {
		return err
	}
	return db.Callback().Row().After("gorm:row").Register("kriya:unavailable", func(db *gorm.DB) {
		db.Error = markUnavailable(db.Error)
	})
}
