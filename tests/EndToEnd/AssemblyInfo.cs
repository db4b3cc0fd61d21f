// Each test class starts its own registry process; two at a time keeps a 2-core machine responsive.
[assembly: Xunit.v3.Parallelization(MaxThreads = 2)]
