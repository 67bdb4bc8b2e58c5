#[test]
fn dbg() {
    let texts = [
        "Mali : au moins 40 civils tués dans une attaque jihadiste près de Bandiagara\nPar notre correspondant à Bamako\nPublié le : 03/07/2023 - 18:45\nAu moins quarante civils ont été tués samedi soir dans l'attaque de plusieurs villages du cercle de Bandiagara, a-t-on appris lundi de sources locales. Les assaillants, arrivés à moto vers 18 heures, ont incendié des greniers. C'est la troisième attaque de ce type depuis le début de l'année. En mars dernier, 2 500 personnes avaient fui la zone. Le gouverneur doit se rendre sur place mercredi, selon un communiqué. L'accord de paix d'Alger de 2015 n'est plus appliqué depuis des mois. La Minusma, dont le mandat expire le 30 juin, a quitté la région il y a trois semaines.",
        "NIAMEY, Nov 14 (Reuters) - Niger's junta said on Tuesday it would release 50 prisoners by the end of the year, two weeks after a court ordered the release. The 1,500-strong force, deployed in 2019, withdrew in late September. Talks with ECOWAS resumed last Thursday and a summit is scheduled for Dec. 10 in Abuja. May this be the end? The UN said 3.3 million people need aid, up from 2.9 million in 2022.",
    ];
    for raw in texts {
        let doc = faultline_engine::prepare(faultline_model::SourceDoc {
            raw: raw.into(),
            ..Default::default()
        });
        let o = faultline_engine::Options {
            reference: None,
            today: chrono::NaiveDate::from_ymd_opt(2026, 11, 21),
        };
        let (p, t) = faultline_engine::time::normalize_dates(
            &doc,
            &faultline_packs::time::TimeLexicon::embedded(),
            &o,
        );
        println!(
            "byline={:?} lang={}\n{}",
            doc.meta.byline,
            doc.language.code,
            serde_json::to_string(&p).unwrap()
        );
        for m in t {
            println!(
                "  {:?} -> {:?} {:?} {:?} {:?} {}",
                m.text,
                m.value(),
                m.precision(),
                m.direction,
                m.role,
                m.rule
            );
        }
    }
}
