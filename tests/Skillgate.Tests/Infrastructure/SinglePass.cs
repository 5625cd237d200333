using Skillgate.Platform.Audit;

namespace Skillgate.Tests.Infrastructure;

/// <summary>
/// Runs a pass that one node at a time may run (the audit sequencer, the standing-count fold) beside the app's own job doing
/// the same: a pass that finds the other one busy answers −1 and is tried again; 0 or more means everything committed before
/// it has been handled.
/// </summary>
internal static class SinglePass
{
    public static async Task RunAsync(Func<Task<int>> pass, string what)
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            if (await pass() >= 0)
            {
                return;
            }

            await Task.Delay(25);
        }

        throw new TimeoutException($"{what} stayed busy for 5 s");
    }

    /// <summary>Places every audit record committed before the call.</summary>
    public static Task ChainCommittedAsync(this AuditChain chain) =>
        RunAsync(() => chain.SequenceAsync(CancellationToken.None), "the audit sequencer");
}
