namespace Skillgate.Platform.Data;

/// <summary>
/// The loop of a background pass every node runs (an outbox, deadlines, alerts): run, wait, run again; a failed pass is logged
/// and the next one comes at its time. Passes are built to be safe when several nodes run them at once.
/// </summary>
internal static class JobLoop
{
    /// <param name="delayFirst">Wait one period before the first pass (e.g. to let start-up finish).</param>
    public static async Task RunAsync(
        string job, TimeSpan every, bool delayFirst, Func<CancellationToken, Task> pass, TimeProvider clock, ILogger logger, CancellationToken stoppingToken)
    {
        if (delayFirst)
        {
            await Task.Delay(every, clock, stoppingToken);
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await pass(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogError(e, "{Job} failed; it runs again in {Seconds} s", job, every.TotalSeconds);
            }

            await Task.Delay(every, clock, stoppingToken);
        }
    }
}
