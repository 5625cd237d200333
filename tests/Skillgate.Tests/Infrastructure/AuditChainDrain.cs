using Skillgate.Platform.Audit;

namespace Skillgate.Tests.Infrastructure;

internal static class AuditChainDrain
{
    /// <summary>
    /// Places every record committed before the call. The app's own sequencer job runs beside the test, so a pass
    /// may find the chain busy (−1) or find nothing left to place (0); both are fine, only busy needs another try.
    /// </summary>
    public static async Task ChainCommittedAsync(this AuditChain chain)
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            if (await chain.SequenceAsync(CancellationToken.None) >= 0)
            {
                return;
            }

            await Task.Delay(25);
        }

        throw new TimeoutException("the audit sequencer stayed busy for 5 s");
    }
}
