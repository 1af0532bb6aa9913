// The outage test stops the shared PostgreSQL and Redis: no other test may run meanwhile.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
