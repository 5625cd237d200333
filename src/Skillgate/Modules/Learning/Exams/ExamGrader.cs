using System.Globalization;
using Skillgate.Modules.Learning.Domain;

namespace Skillgate.Modules.Learning.Exams;

/// <summary>
/// Grades an attempt's answers. Choice answers arrive as indices into the options as shown and are mapped back through the
/// attempt's option order; a multiple-choice question scores only when exactly the right options are chosen; fill-in answers
/// match any accepted text ignoring case and surrounding space; short answers wait for a person (null).
/// </summary>
internal static class ExamGrader
{
    public sealed record Outcome(decimal Awarded, bool? Correct);

    public static Outcome? Grade(AttemptItem item, Question question, IReadOnlyList<string>? answer)
    {
        if (question.Kind == QuestionKind.Short)
        {
            return null;
        }

        answer ??= [];
        bool correct;
        if (QuestionKind.IsChoice(question.Kind))
        {
            var chosen = new SortedSet<int>();
            foreach (var shown in answer)
            {
                if (!int.TryParse(shown, NumberStyles.None, CultureInfo.InvariantCulture, out var index) || index < 0 || index >= item.OptionOrder.Length)
                {
                    return new Outcome(0, false);
                }

                chosen.Add(item.OptionOrder[index]);
            }

            var right = new SortedSet<int>(question.AnswerKey.Select(k => int.Parse(k, CultureInfo.InvariantCulture)));
            correct = chosen.Count > 0 && chosen.SetEquals(right) && (question.Kind == QuestionKind.Multiple || chosen.Count == 1);
        }
        else
        {
            var given = answer.Count == 0 ? "" : Normalize(answer[0]);
            correct = given.Length > 0 && question.AnswerKey.Any(k => Normalize(k) == given);
        }

        return new Outcome(correct ? item.Points : 0, correct);
    }

    /// <summary>The right answer in the terms the candidate saw: shown option indices, or the accepted texts.</summary>
    public static IReadOnlyList<string> RightAnswer(AttemptItem item, Question question) =>
        QuestionKind.IsChoice(question.Kind)
            ? question.AnswerKey.Select(k => Array.IndexOf(item.OptionOrder, int.Parse(k, CultureInfo.InvariantCulture)).ToString(CultureInfo.InvariantCulture)).ToList()
            : question.AnswerKey;

    public static decimal Percent(decimal score, decimal max) => max == 0 ? 0 : Math.Round(score * 100 / max, 2);

    private static string Normalize(string text) => text.Trim().ToUpperInvariant();
}
