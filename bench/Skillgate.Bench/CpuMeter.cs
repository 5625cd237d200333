using System.Diagnostics;
using System.Globalization;

/// <summary>
/// CPU time spent by this process (the app, with the load generator that shares it) and by the PostgreSQL cluster (the
/// postmaster, its live backends and, through the postmaster's child times, those that exited), from <c>/proc</c>.
/// </summary>
internal sealed class CpuMeter
{
    private const double TicksPerSecond = 100;
    private readonly int postmaster;
    private TimeSpan app;
    private double database;

    private CpuMeter(int postmaster) => this.postmaster = postmaster;

    public static CpuMeter Start(string clusterFolder)
    {
        var meter = new CpuMeter(int.Parse(File.ReadLines(Path.Combine(clusterFolder, "postmaster.pid")).First(), CultureInfo.InvariantCulture));
        (meter.app, meter.database) = (Process.GetCurrentProcess().TotalProcessorTime, meter.DatabaseSeconds());
        return meter;
    }

    /// <returns>CPU seconds of the app process and of the database since <see cref="Start"/>.</returns>
    public (double App, double Database) Elapsed() =>
        ((Process.GetCurrentProcess().TotalProcessorTime - app).TotalSeconds, DatabaseSeconds() - database);

    private double DatabaseSeconds()
    {
        double ticks = 0;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            string stat;
            try
            {
                stat = File.ReadAllText(Path.Combine(dir, "stat"));
            }
            catch (IOException)
            {
                continue;
            }

            // Fields after the command name (which may hold spaces): state ppid … utime(14) stime(15) cutime(16) cstime(17).
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var parent = int.Parse(fields[1], CultureInfo.InvariantCulture);
            if (pid == postmaster || parent == postmaster)
            {
                ticks += double.Parse(fields[11], CultureInfo.InvariantCulture) + double.Parse(fields[12], CultureInfo.InvariantCulture);
                if (pid == postmaster)
                {
                    ticks += double.Parse(fields[13], CultureInfo.InvariantCulture) + double.Parse(fields[14], CultureInfo.InvariantCulture);
                }
            }
        }

        return ticks / TicksPerSecond;
    }
}
