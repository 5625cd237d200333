using Xunit;

// One app at a time on a 2-core machine: the plant's collection runs and is disposed before the hospital's seeds.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
