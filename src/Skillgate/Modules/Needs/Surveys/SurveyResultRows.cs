using Skillgate.Modules.Needs.Contracts;
using Skillgate.Platform.Localization;

namespace Skillgate.Modules.Needs.Surveys;

/// <summary>A survey's results as spreadsheet rows: question, group, answers in the group, what was answered, how many (or the mean).</summary>
internal static class SurveyResultRows
{
    public static IEnumerable<object?[]> Of(SurveyResults results, Texts t)
    {
        foreach (var q in results.Questions)
        {
            var label = $"{q.Ord}. {q.Text}";
            foreach (var g in new[] { q.All }.Concat(q.Groups))
            {
                if (q.Kind is "choice" or "multi")
                {
                    for (var i = 0; i < q.Options.Count; i++)
                    {
                        yield return [label, g.Label, g.Responses, q.Options[i], g.OptionCounts[i]];
                    }
                }
                else if (q.Kind == "scale")
                {
                    yield return [label, g.Label, g.Responses, t["surveys.mean", ""].Value.Trim(), g.ScaleMean is { } mean ? Math.Round(mean, 2) : null];
                }
            }

            foreach (var text in q.Texts)
            {
                yield return [label, text.Name is null ? t["needs.survey_all"].Value : $"{text.Name} · {text.Group}", null, text.Text, null];
            }
        }
    }
}
