using Microsoft.EntityFrameworkCore;
using Skillgate.Modules.Learning.Contracts;
using Skillgate.Modules.Learning.Domain;
using Skillgate.Platform.Data;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Learning.Papers;

/// <summary>Exam paper templates: fixed questions, or rules that draw questions from the bank for every attempt.</summary>
internal sealed class PaperHandler(LearningDb db, TimeProvider clock, Texts t)
{
    public async Task<IReadOnlyList<PaperDto>> ListAsync(Guid? courseId, CancellationToken ct)
    {
        var ids = await db.Set<Paper>().Where(p => courseId == null || p.CourseId == courseId).OrderBy(p => p.CreatedAt).Select(p => p.Id).ToListAsync(ct);
        var result = new List<PaperDto>();
        foreach (var id in ids)
        {
            result.Add(await GetAsync(id, ct));
        }

        return result;
    }

    public async Task<PaperDto> GetAsync(Guid id, CancellationToken ct)
    {
        var paper = await db.Set<Paper>().AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, ct) ?? throw new NotFoundException("paper");
        var code = await db.Set<Course>().Where(c => c.Id == paper.CourseId).Select(c => c.Code).FirstAsync(ct);
        var questions = await db.Set<PaperQuestion>().Where(q => q.PaperId == id).OrderBy(q => q.Position).Select(q => new PaperQuestionInput(q.QuestionId, q.Points)).ToListAsync(ct);
        var pool = await QuestionPool.ForCourseAsync(db, paper.CourseId, ct);
        var rules = new List<PaperRuleDto>();
        foreach (var r in await db.Set<PaperRule>().AsNoTracking().Where(r => r.PaperId == id).OrderBy(r => r.Sort).ToListAsync(ct))
        {
            rules.Add(new PaperRuleDto(r.Id, r.QuestionKind, r.Tag, r.MinDifficulty, r.Count, r.Points, await QuestionPool.Matching(pool, r.QuestionKind, r.Tag, r.MinDifficulty).CountAsync(ct)));
        }

        var max = questions.Sum(q => q.Points) + rules.Sum(r => r.Count * r.Points);
        return new PaperDto(paper.Id, paper.CourseId, code, paper.Title, paper.Mode, paper.TimeLimitMinutes, paper.PassMark, paper.AttemptsAllowed, paper.Shuffle, paper.Active,
            questions, rules, max);
    }

    public async Task<PaperDto> CreateAsync(PaperInput input, CancellationToken ct)
    {
        var v = new Validation();
        v.Require("title", input.Title, t["validation.required"]).MaxLength("title", input.Title, 200, t["validation.max_length", 200]);
        if (input.Mode is not ("fixed" or "rules"))
        {
            v.Add("mode", t["learning.mode_unknown"]);
        }

        if (input.TimeLimitMinutes is < 1 or > 600)
        {
            v.Add("timeLimitMinutes", t["learning.time_limit_range"]);
        }

        if (input.PassMark is < 1 or > 100)
        {
            v.Add("passMark", t["learning.percent_range"]);
        }

        if (input.AttemptsAllowed is < 1 or > 20)
        {
            v.Add("attemptsAllowed", t["learning.attempts_range"]);
        }

        var questions = input.Questions ?? [];
        var rules = input.Rules ?? [];
        if (input.Mode == "fixed" && (questions.Count == 0 || questions.Any(q => q.Points is < 1 or > 100) || questions.DistinctBy(q => q.QuestionId).Count() != questions.Count))
        {
            v.Add("questions", t["learning.paper_questions_invalid"]);
        }

        if (input.Mode == "rules" && (rules.Count == 0 || rules.Any(r => !QuestionKind.All.Contains(r.QuestionKind) || r.Count is < 1 or > 200 || r.Points is < 1 or > 100 || r.MinDifficulty is < 1 or > 5)))
        {
            v.Add("rules", t["learning.paper_rules_invalid"]);
        }

        var course = await db.Set<Course>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == input.CourseId, ct);
        if (course is null)
        {
            v.Add("courseId", t["learning.course_unknown"]);
        }

        v.ThrowIfInvalid();
        var pool = await QuestionPool.ForCourseAsync(db, input.CourseId, ct);
        if (input.Mode == "fixed")
        {
            var ids = questions.Select(q => q.QuestionId).ToList();
            if (await pool.CountAsync(q => ids.Contains(q.Id), ct) != ids.Count)
            {
                throw new ValidationFailedException(new Dictionary<string, string[]> { ["questions"] = [t["learning.paper_questions_invalid"]] });
            }
        }
        else
        {
            foreach (var rule in rules)
            {
                var available = await QuestionPool.Matching(pool, rule.QuestionKind, NullIfEmpty(rule.Tag), rule.MinDifficulty).CountAsync(ct);
                if (available < rule.Count)
                {
                    throw new RuleViolationException("not_enough_questions", t["learning.not_enough_questions", rule.Count, available]);
                }
            }
        }

        var paper = new Paper
        {
            Id = Guid.CreateVersion7(), CourseId = input.CourseId, Title = input.Title.Trim(), Mode = input.Mode, TimeLimitMinutes = input.TimeLimitMinutes,
            PassMark = input.PassMark, AttemptsAllowed = input.AttemptsAllowed, Shuffle = input.Shuffle, CreatedAt = clock.GetUtcNow(),
        };
        db.Add(paper);
        db.AddRange(questions.Select((q, i) => new PaperQuestion { PaperId = paper.Id, QuestionId = q.QuestionId, Points = q.Points, Position = i }));
        db.AddRange(rules.Select((r, i) => new PaperRule
        {
            Id = Guid.CreateVersion7(), PaperId = paper.Id, QuestionKind = r.QuestionKind, Tag = NullIfEmpty(r.Tag), MinDifficulty = r.MinDifficulty, Count = r.Count, Points = r.Points, Sort = i,
        }));
        await db.SaveChangesAsync(ct);
        return await GetAsync(paper.Id, ct);
    }

    public async Task DeactivateAsync(Guid id, CancellationToken ct)
    {
        var paper = await db.Set<Paper>().FirstOrDefaultAsync(p => p.Id == id, ct) ?? throw new NotFoundException("paper");
        paper.Active = false;
        await db.SaveChangesAsync(ct);
    }

    private static string? NullIfEmpty(string? tag) => string.IsNullOrWhiteSpace(tag) ? null : tag.Trim();
}
