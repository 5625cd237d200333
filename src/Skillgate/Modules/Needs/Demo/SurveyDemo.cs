using Dapper;
using Npgsql;

namespace Skillgate.Modules.Needs.Demo;

/// <summary>
/// The demo's training-preference survey: anonymous, sent to the plant's first workshops a week ago, answered by most of the
/// welding workshop (not the demo welder, whose home page shows it waiting), so its results have bars, a mean and texts.
/// </summary>
internal static class SurveyDemo
{
    public static readonly SurveyContent Plant = new(
        "2027 年员工培训需求调研", ["新设备操作", "质量控制", "安全规程", "CAD 绘图"], ["现场实操", "短视频", "课堂讲授", "师带徒"],
        ["新焊机的参数设置希望多讲", "夜班后的课太累，希望安排在白班", "多一些现场演示", "希望有视频可以反复看"]);

    public static async Task SeedAsync(NpgsqlConnection connection, Guid workshop, DateTime now, SurveyContent content)
    {
        var survey = Guid.CreateVersion7();
        var texts = content.Texts;
        await connection.ExecuteAsync(
            """
            INSERT INTO needs.survey (id, title, intro, anonymous, status, org_unit_ids, position_ids, closes_on, created_by, created_at, opened_at)
            VALUES (@survey, @title, '请用两分钟告诉我们您最想学什么、喜欢什么形式。问卷匿名。', true, 'open', ARRAY[@workshop], '{}',
                    (@now::timestamptz + interval '21 days')::date, 'hr', @now::timestamptz - interval '7 days', @now::timestamptz - interval '7 days');
            INSERT INTO needs.survey_question (id, survey_id, ord, kind, text, options, required) VALUES
                (gen_random_uuid(), @survey, 1, 'choice', '您最需要哪类培训？', @topics, true),
                (gen_random_uuid(), @survey, 2, 'multi', '您喜欢哪些培训形式？', @forms, true),
                (gen_random_uuid(), @survey, 3, 'scale', '现有培训对您的工作帮助有多大？', '{}', true),
                (gen_random_uuid(), @survey, 4, 'text', '还有什么建议？', '{}', false);
            INSERT INTO needs.survey_invite (survey_id, employee_id, invited_at, answered_on)
            SELECT @survey, e.id, @now::timestamptz - interval '7 days',
                   CASE WHEN NOT EXISTS (SELECT 1 FROM auth.app_user u WHERE u.employee_id = e.id) THEN (@now::timestamptz - interval '3 days')::date END
            FROM org.employee_v e WHERE e.status = 'active' AND e.org_unit_id IN (SELECT org.units_in_scope(ARRAY[@workshop]));
            """, new { survey, workshop, now, title = content.Title, topics = content.Topics, forms = content.Forms });

        // One sheet per answered invite, unlinked from its person as an anonymous answer is; the choices vary with the row.
        await connection.ExecuteAsync(
            """
            WITH sheet AS (
                SELECT gen_random_uuid() AS id, e.org_unit_id, e.position_id, row_number() OVER (ORDER BY e.employee_no) AS n
                FROM needs.survey_invite i JOIN org.employee_v e ON e.id = i.employee_id
                WHERE i.survey_id = @survey AND i.answered_on IS NOT NULL
            ), inserted AS (
                INSERT INTO needs.survey_response (id, survey_id, employee_id, org_unit_id, position_id, submitted_on)
                SELECT id, @survey, NULL, org_unit_id, position_id, NULL FROM sheet RETURNING id
            )
            INSERT INTO needs.survey_answer (response_id, question_id, choices, scale, text)
            SELECT s.id, q.id,
                   CASE q.ord WHEN 1 THEN ARRAY[(ARRAY[0, 0, 1, 0, 2, 3, 0, 1])[1 + s.n % 8]]
                              WHEN 2 THEN (ARRAY['{0,1}', '{0}', '{1,3}', '{0,3}'])[1 + s.n % 4]::int[] ELSE '{}' END,
                   CASE WHEN q.ord = 3 THEN 2 + (s.n % 4)::int END,
                   CASE WHEN q.ord = 4 AND s.n % 3 = 0 THEN (@texts::text[])[1 + (s.n / 3) % 4] END
            FROM sheet s JOIN inserted ON inserted.id = s.id JOIN needs.survey_question q ON q.survey_id = @survey
            WHERE q.ord < 4 OR s.n % 3 = 0
            """, new { survey, texts });
    }
}

/// <summary>What a demo survey asks: its title, the training topics and forms to choose from, and the answers' free texts.</summary>
internal sealed record SurveyContent(string Title, string[] Topics, string[] Forms, string[] Texts);
