namespace Skillgate.Modules.Learning.Demo;

/// <summary>The demo hospital's question banks: the surgical safety checklist and IV therapy, each with its revision's changes.</summary>
internal static class HospitalQuestions
{
    public static readonly Single[] Checklist =
    [
        new("手术安全核查由哪三方共同执行？", ["手术医师、麻醉医师、手术室护士", "主任、护士长、质控专员", "患者、家属、医师", "麻醉医师、药师、护工"], "0"),
        new("手术安全核查分为哪三个时点？", ["入院时、术前一日、出院时", "麻醉实施前、手术开始前、患者离开手术室前", "术前谈话、签字、缝合后", "只在手术开始前"], "1"),
        new("麻醉实施前核查的内容不包括？", ["患者身份", "手术方式与部位标识", "麻醉安全检查", "出院带药"], "3"),
        new("患者离开手术室前，应核对？", ["实际手术方式、术中用药、手术用物清点与标本", "住院费用", "下次复诊时间", "病房床位"], "0"),
        new("手术安全核查表由谁保存？", ["随病历归档", "护士个人保存", "患者带回家", "无需保存"], "0"),
        new("核查中发现手术部位标识不清时应？", ["暂停，重新核对确认后再实施", "按经验继续", "由护士自行标记", "推迟到下周"], "0"),
        new("手术用物清点不符时应？", ["立即查找并报告主刀医师", "记录后离开", "下班后再说", "忽略不计"], "0"),
    ];

    public static readonly TrueFalse[] ChecklistChanges =
    [
        new("v2.0 要求麻醉实施前核对影像资料。", true),
        new("v2.0 取消了手术部位标记核对。", false),
        new("核查表须由三方分别签名。", true),
        new("急诊手术可以不做手术安全核查。", false),
    ];

    public static readonly Single[] IvTherapy =
    [
        new("静脉治疗前核对患者身份，应至少使用几种方式？", ["一种", "两种", "不需要", "只看床号"], "1"),
        new("外周静脉留置针的敷料应标注？", ["置管日期与时间", "护士电话", "药品价格", "无需标注"], "0"),
        new("按 v2.0，外周静脉导管冲封管使用？", ["预充式导管冲洗器", "自行抽取的生理盐水", "葡萄糖溶液", "任意液体"], "0"),
        new("冲管时应采用哪种手法？", ["脉冲式冲管", "快速推注", "重力滴注", "不需要冲管"], "0"),
        new("输注刺激性药物时首选？", ["中心静脉导管", "手背小静脉", "下肢静脉", "头皮针"], "0"),
        new("发现穿刺部位红肿、疼痛时应？", ["停止输液、拔管并评估记录", "调快滴速", "继续观察一周", "热敷后继续输"], "0"),
        new("静脉治疗操作前后必须执行？", ["手卫生", "拍照", "签到", "更换工作服"], "0"),
    ];

    public static readonly TrueFalse[] IvTherapyChanges =
    [
        new("v2.0 起外周静脉导管冲封管改用预充式导管冲洗器。", true),
        new("v2.0 允许使用同一支冲洗器为两位患者冲管。", false),
        new("穿刺部位评估须写入护理记录。", true),
        new("留置针敷料无需标注日期。", false),
    ];

    internal sealed record Single(string Stem, string[] Options, string Answer);

    internal sealed record TrueFalse(string Stem, bool Right);
}
