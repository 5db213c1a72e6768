package resolvers

// gqlgen reads gqlgen.yml at the module root and writes resolvers/generated
// and resolvers/model; it must run from there.
//go:generate sh -c "cd .. && go tool gqlgen generate"
