using Microsoft.EntityFrameworkCore;
using Skillgate.Modules.Learning.Domain;
using Skillgate.Platform.Data;

namespace Skillgate.Modules.Learning.Exams;

/// <summary>What a grader needs to see of attempts awaiting grading: each short answer with the model answer.</summary>
internal sealed class GradingReader(LearningDb db)
{
    public sealed record ShortAnswer(string Key, string Stem, string Answer, string ModelAnswer, int Points);

    public async Task<IReadOnlyDictionary<Guid, IReadOnlyList<ShortAnswer>>> ShortAnswersAsync(IReadOnlyList<Guid> attemptIds, CancellationToken ct)
    {
        var attempts = await db.Set<Attempt>().AsNoTracking().Where(a => attemptIds.Contains(a.Id)).ToListAsync(ct);
        var items = attempts.ToDictionary(a => a.Id, a => a.ReadItems());
        var ids = items.Values.SelectMany(i => i).Select(i => i.QuestionId).Distinct().ToList();
        var questions = await db.Set<Question>().AsNoTracking().Where(q => ids.Contains(q.Id) && q.Kind == QuestionKind.Short).ToDictionaryAsync(q => q.Id, ct);
        var result = new Dictionary<Guid, IReadOnlyList<ShortAnswer>>();
        foreach (var attempt in attempts)
        {
            var answers = attempt.ReadAnswers();
            result[attempt.Id] = items[attempt.Id].Where(i => questions.ContainsKey(i.QuestionId)).Select(i => new ShortAnswer(
                i.Key, questions[i.QuestionId].Stem, answers.TryGetValue(i.Key, out var a) ? string.Join(" ", a) : "", string.Join(" ", questions[i.QuestionId].AnswerKey), i.Points)).ToList();
        }

        return result;
    }
}
