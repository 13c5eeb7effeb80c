// Command explain prints SQLite's query plan, as the server's driver
// (modernc.org/sqlite) makes it, and the time of one run, for a query given
// on the command line, with ? placeholders filled from the remaining
// arguments. It is how the causes in docs/benchmarks.md were checked.
//
// Usage: go run ./bench/explain -db F 'SELECT … WHERE t.campaign_id = ?' 2
package main

import (
	"database/sql"
	"flag"
	"fmt"
	"log"
	"strconv"
	"time"

	_ "modernc.org/sqlite"
)

func main() {
	dbPath := flag.String("db", "", "SQLite file")
	flag.Parse()
	q := flag.Arg(0)
	var args []any
	for _, a := range flag.Args()[1:] {
		if n, err := strconv.ParseInt(a, 10, 64); err == nil {
			args = append(args, n) // as the store binds ids and limits
			continue
		}
		args = append(args, a)
	}
	db, err := sql.Open("sqlite", "file:"+*dbPath+"?_pragma=query_only(1)")
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query("EXPLAIN QUERY PLAN "+q, args...)
	if err != nil {
		log.Fatal(err)
	}
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			log.Fatal(err)
		}
		fmt.Println(parent, detail)
	}
	rows.Close()
	start := time.Now()
	rows, err = db.Query(q, args...)
	if err != nil {
		log.Fatal(err)
	}
	n := 0
	for rows.Next() {
		n++
	}
	fmt.Printf("%d rows in %s\n", n, time.Since(start))
}
