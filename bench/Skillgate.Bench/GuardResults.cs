using System.Xml.Linq;

/// <summary>
/// A benchmark's guards as a TRX file, one test result each, so that CI's count of passed and failed tests includes them (the
/// counters are what <c>.ci/run</c> reads).
/// </summary>
internal static class GuardResults
{
    private static readonly XNamespace Ns = "http://microsoft.com/schemas/VisualStudio/TeamTest/2010";

    public static void Write(string path, IReadOnlyList<(string Name, bool Passed, string Message)> verdicts)
    {
        var failed = verdicts.Count(v => !v.Passed);
        var results = verdicts.Select(v => new XElement(Ns + "UnitTestResult",
            new XAttribute("testName", "bench guard: " + v.Name), new XAttribute("outcome", v.Passed ? "Passed" : "Failed"),
            new XElement(Ns + "Output", new XElement(Ns + "StdOut", v.Message))));
        var run = new XElement(Ns + "TestRun", new XAttribute("name", "bench guards"),
            new XElement(Ns + "Results", results),
            new XElement(Ns + "ResultSummary", new XAttribute("outcome", failed == 0 ? "Completed" : "Failed"),
                new XElement(Ns + "Counters", new XAttribute("total", verdicts.Count), new XAttribute("executed", verdicts.Count),
                    new XAttribute("passed", verdicts.Count - failed), new XAttribute("failed", failed))));
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        new XDocument(run).Save(path);
        Console.WriteLine($"Guards: {verdicts.Count - failed} passed, {failed} failed (written to {path})");
    }
}
