package testneo4j

import (
	"context"
	"fmt"

	"github.com/coopgraph/coopgraph/internal/connect"
	"github.com/testcontainers/testcontainers-go"
	tcneo4j "github.com/testcontainers/testcontainers-go/modules/neo4j"
)

// Image is the Neo4j image used where a Docker engine runs.
const Image = "neo4j:5.26-community"

const containerPassword = "coopgraph-test"

// fromContainer starts a Neo4j container with APOC when a Docker engine is
// healthy. ok is false (and err nil) when there is no engine, so that the
// caller falls back to the managed local Neo4j. The container lives as long
// as the test binary; testcontainers' reaper removes it afterwards.
func fromContainer(ctx context.Context) (Server, bool, error) {
	provider, err := testcontainers.NewDockerProvider()
	if err != nil {
		return Server{}, false, nil
	}
	defer provider.Close()
	if err := provider.Health(ctx); err != nil {
		return Server{}, false, nil
	}
	c, err := tcneo4j.Run(ctx, Image,
		tcneo4j.WithAdminPassword(containerPassword),
		tcneo4j.WithLabsPlugin(tcneo4j.Apoc),
	)
	if err != nil {
		return Server{}, true, fmt.Errorf("starting a Neo4j container: %w", err)
	}
	uri, err := c.BoltUrl(ctx)
	if err != nil {
		return Server{}, true, err
	}
	return Server{Target: connect.Target{URI: uri, User: "neo4j", Password: containerPassword, Database: "neo4j"}}, true, nil
}
