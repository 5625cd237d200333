using System.Diagnostics;

namespace Skillgate.Tests.Infrastructure;

/// <summary>
/// The highest memory of this process (where WebApplicationFactory runs the app) while a request runs, above what it was before:
/// the working set and the managed heap, sampled every few milliseconds on a thread of its own.
/// </summary>
public sealed class MemoryPeak : IDisposable
{
    private readonly long _workingSetBefore;
    private readonly long _heapBefore;
    private readonly Thread _sampler;
    private readonly ManualResetEventSlim _stop = new();
    private long _workingSetPeak;
    private long _heapPeak;

    private MemoryPeak()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        _heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        _workingSetBefore = WorkingSet();
        _workingSetPeak = _workingSetBefore;
        _heapPeak = _heapBefore;
        _sampler = new Thread(Sample) { IsBackground = true, Name = "memory peak" };
        _sampler.Start();
    }

    /// <summary>Peak working set above the start, in MB.</summary>
    public double WorkingSetRiseMb => (Interlocked.Read(ref _workingSetPeak) - _workingSetBefore) / 1024.0 / 1024.0;

    /// <summary>Peak managed heap above the start, in MB.</summary>
    public double HeapRiseMb => (Interlocked.Read(ref _heapPeak) - _heapBefore) / 1024.0 / 1024.0;

    public static MemoryPeak Start() => new();

    public void Dispose()
    {
        _stop.Set();
        _sampler.Join();
        _stop.Dispose();
    }

    private static long WorkingSet()
    {
        using var process = Process.GetCurrentProcess();
        return process.WorkingSet64;
    }

    private void Sample()
    {
        // A sample every 5 ms until told to stop: this measures real memory, it waits on no rule of time.
        do
        {
            Raise(ref _workingSetPeak, WorkingSet());
            Raise(ref _heapPeak, GC.GetTotalMemory(forceFullCollection: false));
        }
        while (!_stop.Wait(5));

        Raise(ref _workingSetPeak, WorkingSet());
        Raise(ref _heapPeak, GC.GetTotalMemory(forceFullCollection: false));
    }

    private static void Raise(ref long peak, long value)
    {
        long seen;
        while (value > (seen = Interlocked.Read(ref peak)) && Interlocked.CompareExchange(ref peak, value, seen) != seen)
        {
        }
    }
}
