using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using FluentAssertions;
using Xunit;
using Skillgate.Platform.Statistics;

namespace Skillgate.Tests.Statistics;

/// <summary>
/// The regression engine against an independent implementation: R's <c>lm</c> with the fixed effects as dummies and
/// <c>sandwich::vcovCL</c> / <c>vcovHC</c> (Debian r-base-core and r-cran-sandwich, installed by test.sh), on generated panels —
/// balanced and unbalanced, clusters of different sizes — to 1e-6.
/// </summary>
public sealed class RCrossCheckTests : IDisposable
{
    private const string RScript = """
        suppressMessages(library(sandwich))
        a <- commandArgs(TRUE)
        d <- read.csv(a[1])
        fe <- if (a[2] == "") character(0) else strsplit(a[2], ",")[[1]]
        f <- as.formula(paste("y ~ x1 + x2", paste(sprintf("+ factor(%s)", fe), collapse = " ")))
        m <- lm(f, data = d)
        k <- m$rank
        n <- nrow(d)
        cl <- d[[a[3]]]
        g <- length(unique(cl))
        nested <- sum(vapply(fe, function(v) if (all(tapply(cl, d[[v]], function(z) length(unique(z))) == 1)) length(unique(d[[v]])) else 0, numeric(1)))
        v0 <- vcovCL(m, cluster = cl, type = "HC0", cadjust = TRUE)
        out <- data.frame(name = c("x1", "x2"), estimate = coef(m)[c("x1", "x2")],
          usual = sqrt(diag(vcov(m)))[c("x1", "x2")],
          hc1 = sqrt(diag(vcovHC(m, type = "HC1")))[c("x1", "x2")],
          counted = sqrt(diag(vcovCL(m, cluster = cl, type = "HC1")))[c("x1", "x2")],
          nested = sqrt(diag(v0) * (n - 1) / (n - (k - nested)))[c("x1", "x2")])
        write.csv(out, stdout(), row.names = FALSE)
        """;

    private readonly string folder = Directory.CreateTempSubdirectory("skillgate-r-").FullName;

    public static TheoryData<string, bool, string, string> Panels => new()
    {
        { "pooled, clusters by line", true, "", "line" },
        { "unit effects, clusters by unit", true, "unit", "unit" },
        { "unit effects, clusters by line (units nested in lines of 2 to 12)", false, "unit", "line" },
        { "unit and period effects, balanced, clusters by unit", true, "unit,period", "unit" },
        { "unit and period effects, unbalanced, clusters by unit", false, "unit,period", "unit" },
        { "unit and period effects, unbalanced, clusters by line", false, "unit,period", "line" },
    };

    [Theory]
    [MemberData(nameof(Panels))]
    public async Task Coefficients_and_standard_errors_equal_Rs(string panel, bool balanced, string fe, string cluster)
    {
        for (var seed = 1; seed <= 3; seed++)
        {
            var csv = Path.Combine(folder, $"panel-{seed}-{panel.GetHashCode(StringComparison.Ordinal):x}.csv");
            await File.WriteAllTextAsync(csv, Generate(seed, balanced));
            var r = await RunRAsync(csv, fe, cluster);
            foreach (var rule in new[] { "nested", "counted" })
            {
                var args = new List<string> { "stats", "regress", "--csv", csv, "--y", "y", "--x", "x1,x2", "--cluster", cluster, "--dof-rule", rule };
                if (fe.Length > 0)
                {
                    args.AddRange(["--fe", fe]);
                }

                var ours = await JtrainGoldenTests.CommandAsync([.. args]);
                foreach (var name in new[] { "x1", "x2" })
                {
                    var c = ours.GetProperty("coefficients").EnumerateArray().Single(x => x.GetProperty("name").GetString() == name);
                    var expected = r[name];
                    var because = $"{panel}, seed {seed}, {rule}, {name}";
                    Close(c.GetProperty("estimate").GetDouble(), expected["estimate"], because);
                    Close(c.GetProperty("usual").GetProperty("se").GetDouble(), expected["usual"], because);
                    Close(c.GetProperty("hc1").GetProperty("se").GetDouble(), expected["hc1"], because);
                    Close(c.GetProperty("clustered").GetProperty("se").GetDouble(), expected[rule], because);
                }
            }
        }
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private static void Close(double actual, double expected, string because) =>
        Math.Abs(actual - expected).Should().BeLessThanOrEqualTo(1e-6 * Math.Max(1, Math.Abs(expected)), because);

    /// <summary>40 units on lines of 2 to 12 units, 6 periods, unit and period effects, x1 correlated with the unit effect.</summary>
    private static string Generate(int seed, bool balanced)
    {
        var random = new Random(seed);
        var csv = new StringBuilder("unit,period,line,x1,x2,y\n");
        var lineSizes = new[] { 2, 3, 5, 8, 12, 10 };
        var unit = 0;
        for (var line = 0; line < lineSizes.Length; line++)
        {
            for (var u = 0; u < lineSizes[line]; u++, unit++)
            {
                var unitEffect = RandomDraws.Normal(random) * 2;
                for (var period = 0; period < 6; period++)
                {
                    if (!balanced && period > 0 && random.NextDouble() < 0.25)
                    {
                        continue;
                    }

                    var x1 = (0.5 * unitEffect) + RandomDraws.Normal(random) + (0.3 * period);
                    var x2 = random.NextDouble() < 0.4 ? 1 : 0;
                    var y = 1 + (0.8 * x1) - (0.5 * x2) + unitEffect + (0.2 * period * period) + (RandomDraws.Normal(random) * (1 + line * 0.3));
                    csv.Append(CultureInfo.InvariantCulture, $"u{unit},{period},L{line},{x1:R},{x2},{y:R}\n");
                }
            }
        }

        return csv.ToString();
    }


    private static async Task<Dictionary<string, Dictionary<string, double>>> RunRAsync(string csv, string fe, string cluster)
    {
        File.Exists("/usr/bin/Rscript").Should().BeTrue("test.sh installs r-base-core and r-cran-sandwich for this cross-check");
        var start = new ProcessStartInfo("/usr/bin/Rscript") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "-e", RScript, csv, fe, cluster })
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        process.ExitCode.Should().Be(0, error);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var header = lines[0].Split(',').Select(h => h.Trim('"')).ToArray();
        return lines.Skip(1).Select(l => l.Split(',')).ToDictionary(
            f => f[0].Trim('"'),
            f => header.Skip(1).Select((h, i) => (h, double.Parse(f[i + 1], CultureInfo.InvariantCulture))).ToDictionary(x => x.h, x => x.Item2));
    }
}
