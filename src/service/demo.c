/*
 * The demo data set: regions, referrers, funders with their agreements,
 * coordinators and a few hundred requests walked through the lifecycle, all
 * fictitious and all written through the service API (svc_create,
 * svc_transition, svc_update), so the demo data passes the same validation
 * and lifecycle rules as real input.
 *
 * Deterministic: one splitmix64 generator seeded from the seed decides
 * everything, and every date comes from a fixed window (requests from
 * 2024-11-01 for `years` years); actions get explicit dates, so the data does
 * not depend on today. Only created_at/updated_at and the time of each
 * transition differ between two runs.
 *
 * The work goes in four passes: plan each request's timeline (dates of every
 * step, and where the case stands at the end of the window); make sure every
 * state holds a few requests; link a few follow-up requests to earlier cases;
 * then write everything, request by request, in the order of the requests.
 */
#include "service/internal.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/lifecycle.h"
#include "util/text.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* ---- fixed content ------------------------------------------------------ */

#define FIRST_YEAR 2024
#define REQUESTS_PER_YEAR 150
#define MAX_YEARS 10
#define MIN_PER_STATE 3

enum { NREGIONS = 4 };
static const char *const REGIONS[NREGIONS] = { "Amsterdam-Amstelland", "Rotterdam-Rijnmond",
	"Utrecht", "Groningen-Drenthe" };
static const int REGION_W[NREGIONS] = { 35, 30, 20, 15 };

struct org_def {
	const char *name;
	const char *type;
	int region; /* index, or -1: works everywhere */
};
static const struct org_def ORGS[] = {
	{ "Jeugdzorg Voorbeeldstad", "youth_care", 0 },
	{ "Raad voor de Kinderbescherming (demo)", "child_protection", -1 },
	{ "Jeugdbescherming Denkbeeld (demo)", "child_protection", 1 },
	{ "Woningcorporatie De Fictieve Sleutel", "housing_corporation", 1 },
	{ "GGZ Denkbeeld", "mental_health", 2 },
	{ "Basisschool De Verzonnen Vlinder", "school", 3 },
	{ "Wijkteam Oost (demo)", "social_work", 0 },
	{ "Huisartsenpraktijk Nergensveld (demo)", "general_practice", 2 },
	{ "Politie Basisteam Fictiefdorp (demo)", "police", 3 },
	{ "Schuldhulp Gemeente Voorbeeldstad (demo)", "municipality", 0 },
	{ "Maatschappelijk Werk Bedachtstad (demo)", "social_work", 1 },
	{ "Reclassering Verzinsel (demo)", "other", -1 },
	{ "Woonstichting Nergenshuis (demo)", "housing_corporation", 3 },
	{ "Jeugdhulp Regio Verzonnen (demo)", "youth_care", 2 },
};
enum { NORGS = (int)N(ORGS) };

enum { FU_GEM_A, FU_GEM_R, FU_GEM_U, FU_GEM_G, FU_PROVINCE, FU_CARE, FU_HOUSING, FU_FUND, NFUNDERS };
static const struct {
	const char *name;
	const char *type;
} FUNDERS[NFUNDERS] = {
	[FU_GEM_A] = { "Gemeente Voorbeeldstad", "municipality" },
	[FU_GEM_R] = { "Gemeente Denkbeeldam", "municipality" },
	[FU_GEM_U] = { "Gemeente Verzonnen-Vecht", "municipality" },
	[FU_GEM_G] = { "Gemeente Fictiefhorn", "municipality" },
	[FU_PROVINCE] = { "Provincie Noord-Denkbeeld", "province" },
	[FU_CARE] = { "Zorginstelling De Bedachte Brug", "care_institution" },
	[FU_HOUSING] = { "Woningcorporatie De Fictieve Sleutel", "housing_corporation" },
	[FU_FUND] = { "Stichting Voorbeeldfonds (demo)", "other" },
};

/* the published tariffs per kind (ENUM_KIND order), in cents */
static const int64_t BASE_TARIFF[4] = { 400000, 400000, 450000, 190000 };

enum { K_FAMILY, K_RESTORATION, K_GROUP, K_LEARNING };
static const int KIND_W[4] = { 88, 4, 5, 3 };
enum { T_YOUTH, T_CHILD_PROTECTION, T_PROBATION, T_ADULT, T_EVICTION, T_EDUCATION,
       T_NEIGHBOURHOOD, T_OTHER, NTRACKS };
static const int TRACK_W[4][NTRACKS] = {
	[K_FAMILY] = { 35, 20, 5, 20, 13, 2, 0, 5 },
	[K_RESTORATION] = { 0, 0, 40, 30, 0, 0, 20, 10 },
	[K_GROUP] = { 0, 0, 0, 0, 0, 20, 65, 15 },
	[K_LEARNING] = { 0, 0, 0, 0, 0, 85, 0, 15 },
};

static const char *const TOPICS_YOUTH[] = { "parenting", "divorce", "overload", "school",
	"psychiatric_problems", "money", "health", "addiction", "domestic_violence", NULL };
static const char *const TOPICS_CP[] = { "safety", "parenting", "domestic_violence", "addiction",
	"psychiatric_problems", "divorce", "overload", NULL };
static const char *const TOPICS_PROBATION[] = { "school", "safety", "work", "addiction", "parenting",
	NULL };
static const char *const TOPICS_ADULT[] = { "psychiatric_problems", "money", "independence",
	"health", "work", "elderly", "housing", "return_after_detention", "addiction",
	"domestic_violence", "overload", NULL };
static const char *const TOPICS_EVICTION[] = { "housing", "money", "overload",
	"psychiatric_problems", "addiction", NULL };
static const char *const TOPICS_EDUCATION[] = { "school", "safety", "other", NULL };
static const char *const TOPICS_NEIGHBOURHOOD[] = { "neighbourhood", "safety", "other", NULL };
static const char *const TOPICS_OTHER[] = { "other", "health", "money", "overload", NULL };
static const char *const *const TRACK_TOPICS[NTRACKS] = { TOPICS_YOUTH, TOPICS_CP,
	TOPICS_PROBATION, TOPICS_ADULT, TOPICS_EVICTION, TOPICS_EDUCATION, TOPICS_NEIGHBOURHOOD,
	TOPICS_OTHER };

/* referrer organisation types that fit a track, with weights */
struct typew {
	const char *type;
	int w;
};
static const struct typew REFERRERS[NTRACKS][5] = {
	[T_YOUTH] = { { "youth_care", 40 }, { "social_work", 30 }, { "school", 15 },
		      { "general_practice", 15 } },
	[T_CHILD_PROTECTION] = { { "child_protection", 100 } },
	[T_PROBATION] = { { "child_protection", 70 }, { "police", 30 } },
	[T_ADULT] = { { "social_work", 35 }, { "mental_health", 30 }, { "general_practice", 15 },
		      { "municipality", 10 }, { "other", 10 } },
	[T_EVICTION] = { { "housing_corporation", 60 }, { "municipality", 25 }, { "social_work", 15 } },
	[T_EDUCATION] = { { "school", 100 } },
	[T_NEIGHBOURHOOD] = { { "police", 40 }, { "municipality", 30 }, { "social_work", 30 } },
	[T_OTHER] = { { "social_work", 50 }, { "other", 50 } },
};
/* share of requests the person makes themself, per track, in percent */
static const int SELF_PCT[NTRACKS] = { 15, 0, 0, 22, 12, 0, 10, 20 };

/* ---- people ------------------------------------------------------------- */

static const char *const NL_F[] = { "Sanne", "Marieke", "Anouk", "Ingrid", "Femke", "Lotte", "Truus",
	"Joke", "Esther", "Wilma", "Noor", "Petra", NULL };
static const char *const NL_M[] = { "Joost", "Bram", "Pieter", "Kees", "Ruud", "Sander", "Henk",
	"Jeroen", "Wim", "Thijs", "Daan", "Gert", NULL };
static const char *const MA_F[] = { "Fatima", "Samira", "Nadia", "Khadija", "Salma", "Houda", NULL };
static const char *const MA_M[] = { "Youssef", "Mohamed", "Karim", "Hamza", "Rachid", "Bilal", NULL };
static const char *const TR_F[] = { "Ayşe", "Elif", "Zeynep", "Emine", "Hatice", NULL };
static const char *const TR_M[] = { "Mehmet", "Emre", "Murat", "Hakan", "Kemal", NULL };
static const char *const SR_F[] = { "Sharon", "Gisela", "Chantal", "Roshni", "Priya", NULL };
static const char *const SR_M[] = { "Ricardo", "Errol", "Ravi", "Glenn", "Romano", NULL };
static const char *const AN_F[] = { "Jeanette", "Yolanda", "Giselle", "Shirley", NULL };
static const char *const AN_M[] = { "Shurandy", "Jurick", "Edsel", "Roderick", NULL };
static const char *const PL_F[] = { "Agnieszka", "Katarzyna", "Magda", NULL };
static const char *const PL_M[] = { "Piotr", "Tomasz", "Krzysztof", NULL };
static const char *const SO_F[] = { "Amina", "Hodan", "Faduma", NULL };
static const char *const SO_M[] = { "Abdi", "Ahmed", "Said", NULL };
static const char *const ER_F[] = { "Helen", "Senait", "Mebrat", NULL };
static const char *const ER_M[] = { "Yonas", "Tesfay", "Dawit", NULL };
static const char *const AF_F[] = { "Mariam", "Parwana", "Shabnam", NULL };
static const char *const AF_M[] = { "Farid", "Ahmad", "Jawed", NULL };
static const char *const PK_F[] = { "Sana", "Ayesha", NULL };
static const char *const PK_M[] = { "Imran", "Usman", NULL };

/* invented surnames: nobody real is meant */
static const char *const SURNAMES[] = { "de Verzonnen", "Voorbeeld", "van Denkbeeld", "Fictiefsma",
	"Bedachtzaam", "van Nergenshuizen", "Verzinsel", "de Proefman", "Testerink", "van Demostraete",
	"Bedenkers", "Fantasiema", "de Gefingeerde", "Schijnveld", "van Ergenshoven", "Dromers",
	"Verbeelding", "van Zomaar", "Denkers", "de Voorbeeldige", NULL };

struct background {
	const char *name;  /* as stored in coordinators.backgrounds and preferred_background */
	const char *lang;  /* a language next to Dutch (ISO 639), or NULL */
	const char *lang2; /* another one, or NULL */
	bool interpret;    /* lang is one interpreters are booked for */
	int family_w;      /* weight among the families */
	int coordinators;  /* number of coordinators with this background */
	const char *const *female, *const *male;
};
enum { BG_NL };
static const struct background BACKGROUNDS[] = {
	[BG_NL] = { "Nederlands", NULL, NULL, false, 52, 16, NL_F, NL_M },
	{ "Marokkaans", "ar", "ber", true, 12, 6, MA_F, MA_M },
	{ "Turks", "tr", NULL, true, 10, 5, TR_F, TR_M },
	{ "Surinaams", "srn", NULL, false, 9, 4, SR_F, SR_M },
	{ "Antilliaans", "pap", "es", false, 5, 3, AN_F, AN_M },
	{ "Pools", "pl", NULL, true, 4, 2, PL_F, PL_M },
	{ "Somalisch", "so", NULL, true, 2, 1, SO_F, SO_M },
	{ "Eritrees", "ti", NULL, true, 2, 1, ER_F, ER_M },
	{ "Afghaans", "fa", NULL, true, 2, 1, AF_F, AF_M },
	{ "Pakistaans", "ur", NULL, true, 2, 1, PK_F, PK_M },
};
enum { NBACKGROUNDS = (int)N(BACKGROUNDS), NCOORDINATORS = 40, NRETIRING = 3 };

/* a relation to the main person; gender 'f' or 'm'; kin shares the surname */
struct relation {
	const char *name;
	char gender;
	bool kin;
};
static const struct relation REL_FAMILY[] = {
	{ "oma (moederskant)", 'f', false }, { "opa (moederskant)", 'm', false },
	{ "oma (vaderskant)", 'f', true }, { "opa (vaderskant)", 'm', true },
	{ "tante", 'f', false }, { "oom", 'm', false }, { "tante (vaderskant)", 'f', true },
	{ "oom (vaderskant)", 'm', true }, { "neef", 'm', true }, { "nicht", 'f', true },
	{ "buurvrouw", 'f', false }, { "buurman", 'm', false }, { "vriendin van moeder", 'f', false },
	{ "vriend van vader", 'm', false }, { "peettante", 'f', false }, { "juf", 'f', false },
	{ "voetbaltrainer", 'm', false }, { "overbuurvrouw", 'f', false }, { "oudtante", 'f', false },
};
static const struct relation REL_ADULT[] = {
	{ "zus", 'f', true }, { "broer", 'm', true }, { "dochter", 'f', true }, { "zoon", 'm', true },
	{ "moeder", 'f', true }, { "schoonzus", 'f', false }, { "zwager", 'm', false },
	{ "vriend", 'm', false }, { "vriendin", 'f', false }, { "buurvrouw", 'f', false },
	{ "buurman", 'm', false }, { "collega", 'f', false }, { "oud-collega", 'm', false },
	{ "kerkgenoot", 'f', false }, { "moskeegenoot", 'm', false }, { "nicht", 'f', true },
	{ "neef", 'm', true },
};
static const struct relation REL_GROUP[] = {
	{ "buurtbewoner", 'f', false }, { "buurtbewoner", 'm', false }, { "buurtbewoner", 'f', false },
	{ "buurtbewoner", 'm', false }, { "buurtbewoner", 'f', false }, { "buurtbewoner", 'm', false },
	{ "lid bewonerscommissie", 'f', false }, { "lid bewonerscommissie", 'm', false },
	{ "eigenaar buurtwinkel", 'm', false }, { "voorzitter speeltuinvereniging", 'f', false },
	{ "ouder van een jongere", 'f', false }, { "ouder van een jongere", 'm', false },
	{ "jongere uit de buurt", 'm', false }, { "jongere uit de buurt", 'f', false },
	{ "vrijwilliger buurthuis", 'f', false },
};
static const struct relation REL_LEARNING[] = {
	{ "leerling", 'f', false }, { "leerling", 'm', false }, { "leerling", 'f', false },
	{ "leerling", 'm', false }, { "ouder", 'f', false }, { "ouder", 'm', false },
	{ "ouder", 'f', false }, { "leerkracht", 'f', false }, { "conciërge", 'm', false },
	{ "klassenassistent", 'f', false }, { "overblijfmoeder", 'f', false },
	{ "leerling", 'm', false }, { "leerling", 'f', false }, { "ouder", 'm', false },
	{ "gymleraar", 'm', false },
};

/* professionals who give information in phase 1, per track */
struct informant {
	const char *role;
	const char *organisation;
};
static const struct informant INF_YOUTH[] = { { "wijkteammedewerker", "Wijkteam Oost (demo)" },
	{ "leerkracht", "Basisschool De Verzonnen Vlinder" },
	{ "jeugdhulpverlener", "Jeugdzorg Voorbeeldstad" },
	{ "huisarts", "Huisartsenpraktijk Nergensveld (demo)" } };
static const struct informant INF_CP[] = { { "jeugdbeschermer", "Jeugdbescherming Denkbeeld (demo)" },
	{ "raadsonderzoeker", "Raad voor de Kinderbescherming (demo)" },
	{ "leerkracht", "Basisschool De Verzonnen Vlinder" },
	{ "jeugdhulpverlener", "Jeugdzorg Voorbeeldstad" } };
static const struct informant INF_PROBATION[] = {
	{ "jeugdreclasseerder", "Jeugdbescherming Denkbeeld (demo)" },
	{ "wijkagent", "Politie Basisteam Fictiefdorp (demo)" }, { "mentor", "Het Bedachte Lyceum (demo)" } };
static const struct informant INF_ADULT[] = {
	{ "maatschappelijk werker", "Maatschappelijk Werk Bedachtstad (demo)" },
	{ "huisarts", "Huisartsenpraktijk Nergensveld (demo)" }, { "GGZ-behandelaar", "GGZ Denkbeeld" },
	{ "reclasseringswerker", "Reclassering Verzinsel (demo)" } };
static const struct informant INF_EVICTION[] = { { "consulent", "Woningcorporatie De Fictieve Sleutel" },
	{ "schuldhulpverlener", "Schuldhulp Gemeente Voorbeeldstad (demo)" },
	{ "maatschappelijk werker", "Maatschappelijk Werk Bedachtstad (demo)" } };
static const struct informant INF_EDUCATION[] = { { "intern begeleider", "Basisschool De Verzonnen Vlinder" },
	{ "leerplichtambtenaar", "Gemeente Voorbeeldstad" } };
static const struct informant INF_NEIGHBOURHOOD[] = { { "wijkagent", "Politie Basisteam Fictiefdorp (demo)" },
	{ "opbouwwerker", "Wijkteam Oost (demo)" }, { "consulent", "Woonstichting Nergenshuis (demo)" } };
static const struct informant INF_OTHER[] = {
	{ "maatschappelijk werker", "Maatschappelijk Werk Bedachtstad (demo)" },
	{ "wijkteammedewerker", "Wijkteam Oost (demo)" } };
static const struct {
	const struct informant *list;
	size_t n;
} INFORMANTS[NTRACKS] = {
	{ INF_YOUTH, N(INF_YOUTH) }, { INF_CP, N(INF_CP) }, { INF_PROBATION, N(INF_PROBATION) },
	{ INF_ADULT, N(INF_ADULT) }, { INF_EVICTION, N(INF_EVICTION) },
	{ INF_EDUCATION, N(INF_EDUCATION) }, { INF_NEIGHBOURHOOD, N(INF_NEIGHBOURHOOD) },
	{ INF_OTHER, N(INF_OTHER) },
};

/* safety notes with the relation that must not be invited */
static const struct {
	const char *relation;
	char gender;
	const char *note;
} SAFETY[] = {
	{ "vader", 'm', "Vader heeft een contactverbod met moeder en de kinderen; niet uitnodigen. "
			"Afstemmen met de jeugdbeschermer." },
	{ "ex-partner", 'm', "De ex-partner van moeder mag niet weten waar het gezin woont; niet "
			     "uitnodigen en het adres niet delen." },
	{ "stiefvader", 'm', "Stiefvader verblijft tijdelijk elders na een melding van huiselijk "
			     "geweld; niet uitnodigen." },
	{ "oom", 'm', "Oom (moederskant) is eerder dreigend geweest tegen de hulpverlening; niet "
		      "uitnodigen, wel informeren via de coördinator." },
	{ "ex-partner", 'f', "Tussen de hoofdpersoon en de ex-partner geldt een straatverbod; niet "
			     "uitnodigen." },
};

static const char *const PLACES[] = { "Buurthuis De Verzonnen Hoek", "Wijkcentrum Denkbeeld",
	"Kerkzaal De Fictieve Toren", "Bibliotheek Nergensveld, vergaderzaal",
	"Moskee Voorbeeld, zaal boven", "Sportkantine VV Bedacht", "Speeltuingebouw De Schijnheuvel",
	"Ontmoetingsruimte Woonstichting Nergenshuis", NULL };
static const char *const STREETS[] = { "Fictiefstraat", "Verzonnenhof", "Denkbeeldplein",
	"Voorbeeldlaan", "Bedachtsingel", NULL };

/* ---- plan texts ---------------------------------------------------------- */

struct topic_texts {
	const char *topic;
	const char *const *what;
};
static const char *const W_PARENTING[] = {
	"Past twee middagen per week op de kinderen, zodat moeder even rust heeft",
	"Gaat elke zondag met de kinderen naar het zwembad",
	"Bespreekt eens per maand met de ouders hoe het gaat met de opvoeding", NULL };
static const char *const W_DIVORCE[] = {
	"Regelt de overdracht van de kinderen op neutraal terrein, bij oma thuis",
	"Bemiddelt als de ouders het niet eens worden over de omgangsregeling",
	"Houdt een gezamenlijke agenda bij voor de weekenden en de vakanties", NULL };
static const char *const W_OVERLOAD[] = { "Kookt op woensdag en vrijdag voor het gezin",
	"Doet elke zaterdag samen met moeder de boodschappen",
	"Neemt de was over tot moeder weer aan het werk is", NULL };
static const char *const W_PSYCH[] = { "Belt elke avond even om te horen hoe het gaat",
	"Gaat mee naar de afspraken bij de behandelaar",
	"Let op de signalen uit het signaleringsplan en belt bij zorgen de huisarts", NULL };
static const char *const W_MONEY[] = {
	"Helpt elke week bij het openen van de post en het betalen van de rekeningen",
	"Maakt samen met de hoofdpersoon een maandbegroting",
	"Gaat mee naar het eerste gesprek bij de schuldhulpverlening", NULL };
static const char *const W_HOUSING[] = { "Helpt bij het opruimen en schoonmaken van de woning",
	"Gaat mee naar het gesprek met de woningcorporatie over de huurachterstand",
	"Biedt tijdelijk een logeerplek als het thuis niet gaat", NULL };
static const char *const W_SCHOOL[] = { "Brengt de kinderen elke ochtend naar school",
	"Helpt twee keer per week met het huiswerk", "Gaat mee naar de oudergesprekken op school",
	NULL };
static const char *const W_SAFETY[] = {
	"Is het vaste aanspreekpunt als het thuis onveilig wordt; de kinderen kunnen er altijd terecht",
	"Komt elke avond even langs om te zien of alles rustig is",
	"Belt bij dreiging direct de politie en daarna de jeugdbeschermer", NULL };
static const char *const W_VIOLENCE[] = { "Biedt een plek om af te koelen als de spanning thuis oploopt",
	"Gaat mee naar de cursus over omgaan met boosheid",
	"Spreekt een codewoord af waarmee om hulp gevraagd kan worden", NULL };
static const char *const W_ADDICTION[] = { "Gaat wekelijks mee naar de afspraak bij de verslavingszorg",
	"Houdt geen alcohol in huis als de familie op bezoek komt",
	"Sport twee keer per week samen met de hoofdpersoon", NULL };
static const char *const W_HEALTH[] = { "Rijdt mee naar de ziekenhuisafspraken",
	"Zet elke week de medicijnen klaar in de weekdoos", NULL };
static const char *const W_WORK[] = { "Helpt met het schrijven van sollicitatiebrieven",
	"Vraagt bij de eigen werkgever naar een stageplek", NULL };
static const char *const W_INDEPENDENCE[] = { "Oefent samen het koken en het doen van boodschappen",
	"Helpt met het regelen van de eigen post en afspraken", NULL };
static const char *const W_DETENTION[] = {
	"Haalt de hoofdpersoon op bij de vrijlating en regelt de eerste week onderdak",
	"Spreekt wekelijks af om de dagbesteding door te nemen", NULL };
static const char *const W_ELDERLY[] = { "Komt om de dag langs voor een kop koffie en een praatje",
	"Regelt de boodschappen en het ophalen van de medicijnen bij de apotheek", NULL };
static const char *const W_NEIGHBOURHOOD[] = { "Organiseert eens per maand een bewonersavond",
	"Spreekt de jongeren op het plein aan en maakt afspraken over de avonduren",
	"Houdt een telefoonlijst bij van buren die elkaar helpen", NULL };
static const char *const W_RESTORATION[] = {
	"Organiseert een gesprek tussen beide families met een bemiddelaar",
	"Helpt bij het herstellen van de schade aan de schuur",
	"Zorgt dat de excuses ook aan de rest van de familie worden overgebracht", NULL };
static const char *const W_OTHER[] = {
	"Houdt de afspraken uit het plan bij en belt de coördinator als iets niet lukt",
	"Regelt een vast moment per week waarop de familie even bijpraat",
	"Is de achtervang als een afspraak uit het plan niet doorgaat",
	"Komt elke week op een vaste avond langs",
	"Stuurt elke week een bericht in de groepsapp om te horen hoe het gaat",
	"Helpt bij klusjes in en om het huis",
	"Gaat eens per maand samen wandelen of koffiedrinken om bij te praten", NULL };
static const struct topic_texts WHAT[] = {
	{ "parenting", W_PARENTING }, { "divorce", W_DIVORCE }, { "overload", W_OVERLOAD },
	{ "psychiatric_problems", W_PSYCH }, { "money", W_MONEY }, { "housing", W_HOUSING },
	{ "school", W_SCHOOL }, { "safety", W_SAFETY }, { "domestic_violence", W_VIOLENCE },
	{ "addiction", W_ADDICTION }, { "health", W_HEALTH }, { "work", W_WORK },
	{ "independence", W_INDEPENDENCE }, { "return_after_detention", W_DETENTION },
	{ "elderly", W_ELDERLY }, { "neighbourhood", W_NEIGHBOURHOOD },
	{ "restoration", W_RESTORATION }, { "other", W_OTHER },
};
static const char *const W_PROFESSIONAL[] = {
	"Blijft betrokken en bespreekt de voortgang elke zes weken met de familie",
	"Regelt een intake voor passende hulp binnen drie weken",
	"Start een traject voor een betalingsregeling met de schuldeisers",
	"Zoekt uit welke extra ondersteuning op school mogelijk is",
	"Houdt de afspraken over de veiligheid in de gaten en belt bij zorgen de familie", NULL };

static const char *const FALLBACKS[] = {
	"Als de afspraken niet lukken, belt de hoofdpersoon de oma en komt de familie binnen een "
	"week opnieuw bij elkaar.",
	"Lukt het niet, dan neemt de tante contact op met de coördinator voor een "
	"vervolgconferentie.",
	"Bij zorgen over de veiligheid belt de familie direct de jeugdbeschermer; de kinderen "
	"logeren dan bij opa en oma.",
	"Als de huur opnieuw niet betaald wordt, schakelt het netwerk de schuldhulpverlening in en "
	"komt het binnen twee weken bij elkaar.",
	"Gaat het mis, dan neemt de buurvrouw de zorg voor de kinderen een paar dagen over en belt "
	"zij de wijkteammedewerker.",
	"Als iemand zijn taak niet kan doen, zoekt de familie in de groepsapp een vervanger.", NULL };
/* why a plan was not judged safe and feasible, and how the family amended it */
static const struct {
	const char *topic; /* the request must have this topic, or NULL */
	const char *reasons;
	const char *amendment;
	const char *action_topic;
	const char *action;
} REJECTIONS[] = {
	{ NULL, "De afspraken over toezicht in het weekend zijn niet concreet genoeg: wie is er "
		"wanneer aanwezig?",
	  "Aangevuld na het oordeel: er is nu een rooster voor de weekenden met namen en tijden.",
	  "other", "Maakt een rooster voor de weekenden en deelt het met iedereen in de groepsapp" },
	{ NULL, "Het plan zegt niet wat er gebeurt als de afspraken niet worden nagekomen.",
	  "Aangevuld na het oordeel: het plan beschrijft wat er gebeurt als afspraken niet worden "
	  "nagekomen.",
	  "other", "Belt de coördinator als een afspraak uit het plan twee keer niet doorgaat" },
	{ "money", "De schulden worden genoemd, maar niet wie de betalingsregeling regelt en wanneer.",
	  "Aangevuld na het oordeel: een familielid regelt samen met de schuldhulpverlening de "
	  "betalingsregeling.",
	  "money", "Regelt samen met de schuldhulpverlening binnen twee weken een betalingsregeling" },
	{ "safety", "Het plan maakt niet duidelijk waar de kinderen 's avonds veilig terecht kunnen.",
	  "Aangevuld na het oordeel: er zijn nu twee vaste opvangadressen voor de avonden.",
	  "safety", "Is met een tweede adres de vaste opvang voor de kinderen in de avonden" },
};
static const char *const STOP_NOTES[] = {
	[0] = "De familie ziet op dit moment af van een conferentie.",
	[1] = "De hoofdpersoon heeft de aanmelding niet ondertekend.",
	[2] = "Geen financiering gevonden binnen de overeenkomsten of bij andere financiers.",
	[3] = "De situatie is veranderd; een conferentie is nu niet meer nodig.",
	[4] = "Er is te weinig netwerk gevonden om een conferentie te houden.",
	[5] = "Gestopt in overleg met de aanvrager.",
};
static const char *const PHONE_NOTES[] = {
	"Telefonisch contact: de afspraken lopen, de familie heeft een groepsapp gemaakt.",
	"Telefonisch contact: niet alle afspraken zijn gestart, oma pakt het op.",
	"Telefonisch contact: het gaat rustiger thuis.", NULL };

/* ---- generator state ----------------------------------------------------- */

/* a request's plan and, once written, its ids */
struct kase {
	int64_t r; /* requested_on, days since 1970-01-01 */
	int region, kind, track, bg;
	bool consent;
	bool wm;       /* plan made without a meeting */
	bool rejected; /* first verdict: not safe and feasible */
	bool resched, reassign;
	bool stopped;
	int stop_stage; /* enum state the stop comes from */
	int reason;     /* index into ENUM_STOP_REASON */
	int close_mode;
	/* the dates of the steps (0 when the step is not planned) */
	int64_t f, a, p, sc, c0, rs, c, v1, v, fu, fr1, fr2, fr3, cl, sd;
	enum state final; /* at the end of the window (ST_STOPPED when stopped) */
	int first;        /* the first request's index for a follow-up request, else -1 */
	bool followed;    /* a follow-up request points here */
	/* set while writing */
	int64_t id;
	int coord;
	int nmp;
	char mp[2][96];
	char surname[64];
};
enum { CM_FULL, CM_SHORT, CM_JUDGED };

struct agreement {
	int64_t id;
	int funder;
	int region;      /* index, or -1 */
	int64_t from, to; /* days; to = INT64_MAX when open */
	int64_t tariff[4];
	char name[96];
};
enum { MAX_AGREEMENTS = 8 * (MAX_YEARS + 2) };

struct coordinator {
	int64_t id;
	int bg;
	char gender; /* 'f', 'm', 'o' */
	bool regions[NREGIONS];
	const char *langs[6];
	int nlangs;
	bool retiring; /* takes only older cases; made inactive at the end */
	int load;
	int64_t fee;
};

struct demo {
	struct svc *s;
	struct svc_error *err;
	uint64_t rng;
	int years;
	int64_t start, end; /* first and last day of the window */
	int64_t region_id[NREGIONS];
	int64_t org_id[NORGS];
	int64_t funder_id[NFUNDERS];
	struct agreement ag[MAX_AGREEMENTS];
	size_t nag;
	struct coordinator co[NCOORDINATORS];
	struct kase *cases;
	size_t ncases;
	bool oom;
};

/* ---- randomness ------------------------------------------------------------ */

/* splitmix64: small, fast, and the same everywhere */
static uint64_t next(struct demo *d)
{
	uint64_t z = (d->rng += 0x9E3779B97F4A7C15ull);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

/* a whole number in [lo, hi] */
static int rnd(struct demo *d, int lo, int hi)
{
	if (hi <= lo)
		return lo;
	return lo + (int)(next(d) % (uint64_t)(hi - lo + 1));
}

static bool chance(struct demo *d, int pct)
{
	return rnd(d, 0, 99) < pct;
}

/* an index in [0, n) chosen by weight */
static int pick_w(struct demo *d, const int *w, size_t n)
{
	int total = 0;
	for (size_t i = 0; i < n; i++)
		total += w[i];
	int x = rnd(d, 0, total - 1);
	for (size_t i = 0; i < n; i++) {
		if (x < w[i])
			return (int)i;
		x -= w[i];
	}
	return 0;
}

static size_t count_list(const char *const *list)
{
	size_t n = 0;
	while (list[n])
		n++;
	return n;
}

static const char *pick_s(struct demo *d, const char *const *list)
{
	return list[rnd(d, 0, (int)count_list(list) - 1)];
}

/* ---- dates ------------------------------------------------------------------- */

struct dtext {
	char s[64]; /* room for any int64 the format could see; dates use 10 */
};

/* days since 1970-01-01 as YYYY-MM-DD (civil from days, after H. Hinnant) */
static struct dtext day_text(int64_t days)
{
	struct dtext t;
	int64_t z = days + 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t y = yoe + era * 400;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	int64_t dd = doy - (153 * mp + 2) / 5 + 1;
	int64_t m = mp < 10 ? mp + 3 : mp - 9;
	if (m <= 2)
		y++;
	snprintf(t.s, sizeof(t.s), "%04lld-%02lld-%02lld", (long long)y, (long long)m, (long long)dd);
	return t;
}

static int64_t ymd(int y, int m, int dd)
{
	char s[32];
	snprintf(s, sizeof(s), "%04d-%02d-%02d", y, m, dd);
	return date_days(s);
}

/* 0 = Monday ... 6 = Sunday (1970-01-01 was a Thursday) */
static int weekday(int64_t days)
{
	return (int)(((days % 7) + 7 + 3) % 7);
}

static int64_t min64(int64_t a, int64_t b)
{
	return a < b ? a : b;
}

static int64_t max64(int64_t a, int64_t b)
{
	return a > b ? a : b;
}

/* ---- JSON building and service calls ---------------------------------------- */

static void note_oom(struct demo *d, int rc)
{
	if (rc < 0)
		d->oom = true;
}

static void put_s(struct demo *d, json_t *o, const char *k, const char *v)
{
	if (v)
		note_oom(d, json_object_set_new(o, k, json_string(v)));
}

static void put_i(struct demo *d, json_t *o, const char *k, int64_t v)
{
	note_oom(d, json_object_set_new(o, k, json_integer((json_int_t)v)));
}

static void put_b(struct demo *d, json_t *o, const char *k, bool v)
{
	note_oom(d, json_object_set_new(o, k, json_boolean(v)));
}

static void put_d(struct demo *d, json_t *o, const char *k, int64_t days)
{
	put_s(d, o, k, day_text(days).s);
}

static void put_new(struct demo *d, json_t *o, const char *k, json_t *v)
{
	note_oom(d, json_object_set_new(o, k, v));
}

static void push_s(struct demo *d, json_t *a, const char *v)
{
	note_oom(d, json_array_append_new(a, json_string(v)));
}

static void push_i(struct demo *d, json_t *a, int64_t v)
{
	note_oom(d, json_array_append_new(a, json_integer((json_int_t)v)));
}

static json_t *obj(struct demo *d)
{
	json_t *o = json_object();
	if (!o)
		d->oom = true;
	return o;
}

static json_t *arr(struct demo *d)
{
	json_t *a = json_array();
	if (!a)
		d->oom = true;
	return a;
}

static int fail_oom(struct demo *d)
{
	svc_error_set(d->err, 500, "internal", "", "out of memory while making the demo data");
	return -1;
}

/*
 * Create a record of e from in (which this takes over) through the service;
 * *id gets the new record's id when id is not NULL. -1 with d->err filled as
 * the service filled it.
 */
static int mk(struct demo *d, const struct entity *e, int64_t parent, json_t *in, int64_t *id)
{
	struct svc_result res;
	int ret = -1;
	if (!in || d->oom) {
		fail_oom(d);
		goto done;
	}
	if (svc_create(d->s, e, parent, in, NULL, &res, d->err) < 0)
		goto done;
	if (id)
		*id = rec_int(res.body, "id");
	json_decref(res.body);
	ret = 0;
done:
	json_decref(in);
	return ret;
}

/* perform a lifecycle action on request id with in (taken over), as having
 * happened on day (days since 1970-01-01) */
static int act(struct demo *d, const char *action, int64_t id, json_t *in, int64_t day)
{
	struct svc_result res;
	int ret = -1;
	if (in && day > 0)
		put_d(d, in, "happened_on", day);
	if (!in || d->oom) {
		fail_oom(d);
		goto done;
	}
	if (svc_transition(d->s, action, id, -1, in, NULL, &res, d->err) < 0)
		goto done;
	json_decref(res.body);
	ret = 0;
done:
	json_decref(in);
	return ret;
}

/* change record id of e, which has version version, with in (taken over) */
static int change(struct demo *d, const struct entity *e, int64_t id, int64_t version, json_t *in)
{
	json_t *out = NULL;
	int ret = -1;
	if (!in || d->oom) {
		fail_oom(d);
		goto done;
	}
	if (svc_update(d->s, e, id, version, in, &out, d->err) < 0)
		goto done;
	ret = 0;
done:
	json_decref(out);
	json_decref(in);
	return ret;
}

/* ---- names ------------------------------------------------------------------- */

static const char *first_name(struct demo *d, int bg, char gender)
{
	const struct background *b = &BACKGROUNDS[bg];
	return pick_s(d, gender == 'm' ? b->male : b->female);
}

/* "mw. A. Testerink": how professionals are written in a file */
static void professional_name(struct demo *d, char *out, size_t len)
{
	char gender = chance(d, 70) ? 'f' : 'm';
	int bg = chance(d, 80) ? BG_NL : rnd(d, 1, NBACKGROUNDS - 1);
	const char *first = first_name(d, bg, gender);
	snprintf(out, len, "%s %c. %s", gender == 'f' ? "mw." : "dhr.", first[0], pick_s(d, SURNAMES));
}

/* a surname at the start of a text: "de Verzonnen" becomes "De Verzonnen" */
static void surname_capitalised(const char *surname, char *out, size_t len)
{
	snprintf(out, len, "%s", surname);
	if (out[0] >= 'a' && out[0] <= 'z')
		out[0] = (char)(out[0] - 'a' + 'A');
}

/* ---- pass 0: regions, organisations, funders, agreements, coordinators ------- */

static int make_regions(struct demo *d)
{
	for (int i = 0; i < NREGIONS; i++) {
		json_t *o = obj(d);
		put_s(d, o, "name", REGIONS[i]);
		if (mk(d, &ENTITY_REGION, 0, o, &d->region_id[i]) < 0)
			return -1;
	}
	return 0;
}

static int make_organisations(struct demo *d)
{
	for (int i = 0; i < NORGS; i++) {
		json_t *o = obj(d);
		put_s(d, o, "name", ORGS[i].name);
		put_s(d, o, "type", ORGS[i].type);
		if (ORGS[i].region >= 0)
			put_i(d, o, "region_id", d->region_id[ORGS[i].region]);
		if (mk(d, &ENTITY_ORGANISATION, 0, o, &d->org_id[i]) < 0)
			return -1;
	}
	return 0;
}

/* tariffs of an agreement: the published ones, indexed ~2.5% a year, give or
 * take up to 5%, in whole euros */
static void tariffs(struct demo *d, int year, int64_t out[4])
{
	for (int k = 0; k < 4; k++) {
		int64_t t = BASE_TARIFF[k] * (1000 + 25 * (year - FIRST_YEAR)) / 1000;
		t = t * (1000 + rnd(d, -50, 50)) / 1000;
		out[k] = t / 100 * 100;
	}
}

static int add_agreement(struct demo *d, int funder, int region, int64_t from, int64_t to,
			 const char *name, int year)
{
	if (d->nag >= MAX_AGREEMENTS)
		return 0;
	struct agreement *a = &d->ag[d->nag];
	a->funder = funder;
	a->region = region;
	a->from = from;
	a->to = to;
	snprintf(a->name, sizeof(a->name), "%s", name);
	tariffs(d, year, a->tariff);
	json_t *o = obj(d);
	put_i(d, o, "funder_id", d->funder_id[funder]);
	put_s(d, o, "name", name);
	put_d(d, o, "starts_on", from);
	if (to != INT64_MAX)
		put_d(d, o, "ends_on", to);
	if (region >= 0)
		put_i(d, o, "region_id", d->region_id[region]);
	static const char *const keys[4] = { "tariff_family_cents", "tariff_restoration_cents",
		"tariff_group_cents", "tariff_learning_cents" };
	for (int k = 0; k < 4; k++)
		put_i(d, o, keys[k], a->tariff[k]);
	if (mk(d, &ENTITY_AGREEMENT, 0, o, &a->id) < 0)
		return -1;
	d->nag++;
	return 0;
}

static int make_funders(struct demo *d)
{
	for (int i = 0; i < NFUNDERS; i++) {
		json_t *o = obj(d);
		put_s(d, o, "name", FUNDERS[i].name);
		put_s(d, o, "type", FUNDERS[i].type);
		if (mk(d, &ENTITY_FUNDER, 0, o, &d->funder_id[i]) < 0)
			return -1;
	}
	char name[96];
	int last = FIRST_YEAR + d->years;
	/* municipalities and the province: a yearly agreement for their region */
	for (int y = FIRST_YEAR; y <= last; y++) {
		for (int g = FU_GEM_A; g <= FU_GEM_G; g++) {
			snprintf(name, sizeof(name), "Eigen Kracht-conferenties %d", y);
			if (add_agreement(d, g, g - FU_GEM_A, ymd(y, 1, 1), ymd(y, 12, 31), name, y) < 0)
				return -1;
		}
		snprintf(name, sizeof(name), "Subsidie familienetwerkberaad %d", y);
		if (add_agreement(d, FU_PROVINCE, 3, ymd(y, 1, 1), ymd(y, 12, 31), name, y) < 0)
			return -1;
	}
	/* the care institution: a framework contract, then an open one; the
	 * housing corporation: one open agreement for its region */
	if (add_agreement(d, FU_CARE, -1, ymd(FIRST_YEAR, 7, 1), ymd(FIRST_YEAR + 1, 12, 31),
			  "Raamcontract netwerkberaden 2024-2025", FIRST_YEAR) < 0)
		return -1;
	if (add_agreement(d, FU_CARE, -1, ymd(FIRST_YEAR + 2, 1, 1), INT64_MAX,
			  "Raamcontract netwerkberaden vanaf 2026", FIRST_YEAR + 2) < 0)
		return -1;
	if (add_agreement(d, FU_HOUSING, 1, ymd(FIRST_YEAR, 6, 1), INT64_MAX,
			  "Preventie huisuitzetting", FIRST_YEAR) < 0)
		return -1;
	return 0;
}

static bool speaks(const struct coordinator *c, const char *lang)
{
	for (int i = 0; i < c->nlangs; i++)
		if (strcmp(c->langs[i], lang) == 0)
			return true;
	return false;
}

static void add_lang(struct coordinator *c, const char *lang)
{
	if (lang && !speaks(c, lang) && c->nlangs < (int)N(c->langs))
		c->langs[c->nlangs++] = lang;
}

/*
 * What matching needs of coordinator k (languages understood a little,
 * capacity, the training record, a holiday after the window), made from k
 * alone and not drawn, so that the rest of the demo data stays as it was.
 * The course lies before the window and there is a refresher course in
 * every year of it, so training counts as current for every step of the
 * window and for two years after it.
 */
static void pool_facts(struct demo *d, json_t *o, int k)
{
	static const char *const basic[] = { "en", "fr", "de", "ar", "tr" };
	json_t *lb = arr(d), *coach = arr(d), *refresh = arr(d), *away = arr(d);
	const char *b = basic[k % (int)N(basic)];
	if (k % 3 == 0 && !speaks(&d->co[k], b))
		push_s(d, lb, b);
	put_new(d, o, "languages_basic", lb);
	put_i(d, o, "capacity", 8 + k % 5);
	put_d(d, o, "course_on", ymd(FIRST_YEAR - 1 - k % 4, 1 + k % 12, 8 + k % 15));
	push_s(d, coach, day_text(ymd(FIRST_YEAR - 1, 1 + (k + 3) % 12, 20)).s);
	push_s(d, coach, day_text(d->start + 30 + 7 * k).s);
	put_new(d, o, "coaching_dates", coach);
	for (int y = FIRST_YEAR; y <= FIRST_YEAR + d->years; y++) {
		int64_t day = ymd(y, 1 + (k * 5) % 12, 12);
		if (day <= d->end)
			push_s(d, refresh, day_text(day).s);
	}
	put_new(d, o, "refresher_dates", refresh);
	if (k % 4 == 3) {
		char period[160];
		int64_t from = d->end + 90 + k;
		snprintf(period, sizeof period, "%s/%s", day_text(from).s, day_text(from + 20).s);
		push_s(d, away, period);
	}
	put_new(d, o, "unavailable", away);
}

static int make_coordinators(struct demo *d)
{
	static const char *const extra[] = { "fr", "de", "es", NULL };
	char names[NCOORDINATORS][96];
	int i = 0;

	for (int b = 0; b < NBACKGROUNDS; b++) {
		for (int n = 0; n < BACKGROUNDS[b].coordinators && i < NCOORDINATORS; n++, i++) {
			struct coordinator *c = &d->co[i];
			c->bg = b;
			c->gender = chance(d, 74) ? 'f' : 'm';
			if (i == 11)
				c->gender = 'o';
			c->regions[pick_w(d, REGION_W, NREGIONS)] = true;
			if (chance(d, 35))
				c->regions[rnd(d, 0, NREGIONS - 1)] = true;
			add_lang(c, "nl");
			add_lang(c, BACKGROUNDS[b].lang);
			add_lang(c, BACKGROUNDS[b].lang2);
			if (chance(d, 45))
				add_lang(c, "en");
			if (chance(d, 15))
				add_lang(c, pick_s(d, extra));
			c->fee = 150000 + 2500 * rnd(d, 0, 20);
			/* a name not given before */
			for (int tries = 0; tries < 20; tries++) {
				char g = c->gender == 'o' ? (chance(d, 50) ? 'f' : 'm') : c->gender;
				const char *first = first_name(d, b, g);
				snprintf(names[i], sizeof(names[i]), "%s %s", first, pick_s(d, SURNAMES));
				bool dup = false;
				for (int k = 0; k < i; k++)
					dup = dup || strcmp(names[k], names[i]) == 0;
				if (!dup)
					break;
			}
		}
	}
	/* three Dutch coordinators retire during the window */
	for (int k = 0; k < NRETIRING; k++)
		d->co[2 + 5 * k].retiring = true;
	/* every region has at least five coordinators who stay */
	for (int r = 0; r < NREGIONS; r++) {
		int have = 0;
		for (int k = 0; k < NCOORDINATORS; k++)
			have += d->co[k].regions[r] && !d->co[k].retiring;
		for (int k = 0; have < 5 && k < NCOORDINATORS; k++) {
			int served = 0;
			for (int q = 0; q < NREGIONS; q++)
				served += d->co[k].regions[q];
			if (!d->co[k].retiring && served == 1 && !d->co[k].regions[r]) {
				d->co[k].regions[r] = true;
				have++;
			}
		}
	}
	for (int k = 0; k < NCOORDINATORS; k++) {
		struct coordinator *c = &d->co[k];
		static const char *const genders[] = { "female", "male", "other" };
		json_t *o = obj(d), *langs = arr(d), *bgs = arr(d), *regions = arr(d);
		char text[128];
		put_s(d, o, "name", names[k]);
		put_s(d, o, "gender", genders[c->gender == 'f' ? 0 : c->gender == 'm' ? 1 : 2]);
		for (int q = 0; q < c->nlangs; q++)
			push_s(d, langs, c->langs[q]);
		push_s(d, bgs, BACKGROUNDS[c->bg].name);
		if (c->bg != BG_NL && chance(d, 15))
			push_s(d, bgs, BACKGROUNDS[BG_NL].name);
		for (int q = 0; q < NREGIONS; q++)
			if (c->regions[q])
				push_i(d, regions, d->region_id[q]);
		put_new(d, o, "languages", langs);
		put_new(d, o, "backgrounds", bgs);
		put_new(d, o, "region_ids", regions);
		put_b(d, o, "active", true);
		snprintf(text, sizeof(text), "coordinator%02d@demo.example", k + 1);
		put_s(d, o, "email", text);
		snprintf(text, sizeof(text), "06-0000%04d", rnd(d, 0, 9999));
		put_s(d, o, "phone", text);
		put_i(d, o, "fee_cents", c->fee);
		pool_facts(d, o, k);
		if (mk(d, &ENTITY_COORDINATOR, 0, o, &c->id) < 0)
			return -1;
	}
	return 0;
}

/* ---- pass 1: the timeline of every request ------------------------------------- */

/* fewer requests in the summer holidays and around Christmas */
static bool quiet_day(int64_t day)
{
	struct dtext dt = day_text(day);
	const char *t = dt.s;
	int month = (t[5] - '0') * 10 + (t[6] - '0');
	int dd = (t[8] - '0') * 10 + (t[9] - '0');
	return month == 7 || month == 8 || (month == 12 && dd >= 20) || (month == 1 && dd <= 3);
}

/*
 * The request dates, in order: the window is cut into ncases equal shares of
 * weight (a quiet day weighs about half) and each share gets one request at a
 * random place in it, so every month gets its part without gaps or clumps.
 */
static void request_days(struct demo *d, int64_t *days)
{
	int64_t ndays = d->end - d->start + 1, total = 0;
	for (int64_t i = 0; i < ndays; i++)
		total += quiet_day(d->start + i) ? 55 : 100;
	int64_t day = 0, below = 0; /* weight of the days before `day` */
	for (size_t i = 0; i < d->ncases; i++) {
		int64_t lo = total * (int64_t)i / (int64_t)d->ncases;
		int64_t hi = total * (int64_t)(i + 1) / (int64_t)d->ncases;
		int64_t x = lo + rnd(d, 0, (int)(hi - lo - 1));
		for (;;) {
			int64_t w = quiet_day(d->start + day) ? 55 : 100;
			if (x < below + w || day == ndays - 1)
				break;
			below += w;
			day++;
		}
		days[i] = d->start + day;
	}
}

/* a conference on Saturday or a weekday evening: not on a Sunday and not
 * between Christmas and New Year's Day */
static int64_t conference_day(int64_t day)
{
	struct dtext dt = day_text(day);
	if ((dt.s[5] == '1' && dt.s[6] == '2' && strcmp(dt.s + 8, "24") >= 0) ||
	    strcmp(dt.s + 5, "01-01") == 0)
		day += strcmp(dt.s + 5, "01-01") == 0 ? 1 : 33 - ((dt.s[8] - '0') * 10 + (dt.s[9] - '0'));
	return weekday(day) == 6 ? day + 1 : day;
}

/* the state the case reaches by the end of the window, following its dates */
static enum state natural_state(const struct kase *k, int64_t end)
{
	if (!k->consent || k->f > end)
		return ST_REQUESTED;
	if (k->a > end)
		return ST_FUNDING_DECIDED;
	if (k->p > end)
		return ST_COORDINATOR_ASSIGNED;
	if (!k->wm && k->sc > end)
		return ST_PREPARATION;
	if (k->c > end)
		return k->wm ? ST_PREPARATION : ST_CONFERENCE_SCHEDULED;
	if (k->v > end)
		return ST_CONFERENCE_HELD;
	if (k->close_mode == CM_JUDGED)
		return k->cl > end ? ST_PLAN_JUDGED : ST_CLOSED;
	if (k->fu > end)
		return ST_PLAN_JUDGED;
	return k->cl > end ? ST_FOLLOW_UP : ST_CLOSED;
}

/* the date on which the case entered state s (before the conference) */
static int64_t entered(const struct kase *k, int s)
{
	switch (s) {
	case ST_REQUESTED: return k->r;
	case ST_FUNDING_DECIDED: return k->f;
	case ST_COORDINATOR_ASSIGNED: return k->a;
	case ST_PREPARATION: return k->p;
	default: return k->sc;
	}
}

static void plan_case(struct demo *d, struct kase *k, int64_t r)
{
	memset(k, 0, sizeof(*k));
	k->r = r;
	k->first = -1;
	k->coord = -1;
	k->region = pick_w(d, REGION_W, NREGIONS);
	k->kind = pick_w(d, KIND_W, 4);
	k->track = pick_w(d, TRACK_W[k->kind], NTRACKS);
	int bgw[NBACKGROUNDS];
	for (int i = 0; i < NBACKGROUNDS; i++)
		bgw[i] = BACKGROUNDS[i].family_w;
	k->bg = pick_w(d, bgw, NBACKGROUNDS);
	k->consent = chance(d, 99);

	/* request to conference: 4 to 10 weeks */
	k->f = r + rnd(d, 2, 12);
	k->a = k->f + rnd(d, 1, 8);
	k->p = k->a + rnd(d, 1, 6);
	k->wm = chance(d, 8);
	k->reassign = chance(d, 5);
	if (k->wm) {
		k->c = k->p + rnd(d, 14, 35);
	} else {
		k->c = conference_day(max64(r + rnd(d, 28, 70), k->p + 10));
		k->sc = max64(k->p + 1, k->c - rnd(d, 10, 24));
		k->resched = chance(d, 10);
		if (k->resched) {
			k->c0 = max64(k->sc + 1, k->c - rnd(d, 7, 14));
			k->rs = max64(k->sc, k->c0 - rnd(d, 1, 6));
		}
	}
	/* the verdict within a week; a rejected plan is amended and approved later */
	k->rejected = chance(d, 5);
	if (k->rejected) {
		k->v1 = k->c + rnd(d, 1, 7);
		k->v = k->v1 + rnd(d, 7, 21);
	} else {
		k->v = k->c + rnd(d, 0, 7);
	}
	/* the coordinator calls after about four weeks, follows up at 4-6 weeks
	 * and (mostly) after some months */
	int cm = rnd(d, 0, 99);
	k->close_mode = cm < 70 ? CM_FULL : cm < 94 ? CM_SHORT : CM_JUDGED;
	k->fu = k->v + rnd(d, 21, 35);
	int64_t after_call = k->fu + rnd(d, 3, 10); /* two draws: one at a time */
	k->fr1 = max64(after_call, k->c + rnd(d, 35, 45));
	if (k->close_mode == CM_FULL) {
		k->fr2 = k->c + rnd(d, 150, 185);
		if (chance(d, 20))
			k->fr3 = k->c + rnd(d, 330, 365);
		k->cl = (k->fr3 ? k->fr3 : k->fr2) + rnd(d, 3, 21);
	} else if (k->close_mode == CM_SHORT) {
		k->cl = k->fr1 + rnd(d, 3, 21);
	} else {
		k->cl = k->v + rnd(d, 14, 40);
	}

	/* about 15% stop before the conference */
	if (!k->consent) {
		k->stopped = true;
		k->stop_stage = ST_REQUESTED;
		k->reason = 1; /* no_consent */
	} else if (chance(d, 17)) {
		static const int stage_w[5] = { 25, 12, 15, 35, 13 };
		k->stopped = true;
		k->stop_stage = pick_w(d, stage_w, 5);
		static const int reason_w[5][6] = {
			/* declined, no_consent, no_funding, circumstances, no_network, other */
			[ST_REQUESTED] = { 30, 0, 55, 10, 0, 5 },
			[ST_FUNDING_DECIDED] = { 40, 0, 0, 45, 0, 15 },
			[ST_COORDINATOR_ASSIGNED] = { 45, 0, 0, 40, 5, 10 },
			[ST_PREPARATION] = { 35, 0, 0, 25, 32, 8 },
			[ST_CONFERENCE_SCHEDULED] = { 35, 0, 0, 45, 10, 10 },
		};
		k->reason = pick_w(d, reason_w[k->stop_stage], 6);
		if (k->stop_stage == ST_CONFERENCE_SCHEDULED) {
			k->wm = false;
			k->resched = false;
			if (!k->sc) {
				k->c = conference_day(max64(r + rnd(d, 28, 70), k->p + 10));
				k->sc = max64(k->p + 1, k->c - rnd(d, 10, 24));
			}
		}
	}
	if (k->stopped) {
		k->sd = entered(k, k->stop_stage) + rnd(d, 5, 30);
		/* stopped before the conference date came */
		if (k->stop_stage == ST_CONFERENCE_SCHEDULED && k->sd >= k->c)
			k->sd = max64(k->sc, k->c - 1);
	}

	enum state nat = natural_state(k, d->end);
	if (k->stopped && k->sd <= d->end && (int)nat >= k->stop_stage)
		k->final = ST_STOPPED;
	else if (k->stopped) {
		k->stopped = false; /* not yet: it stands where it is */
		k->final = (int)nat < k->stop_stage ? nat : (enum state)k->stop_stage;
	} else {
		k->final = nat;
	}
}

/* ---- pass 2: every state holds a few requests ----------------------------------- */

/*
 * Short states (a request waits a week for its funding, a verdict comes
 * within days) may by chance hold fewer than MIN_PER_STATE requests at the
 * end of the window. Then the most recent requests that went further are held
 * back in that state, as real cases sometimes wait.
 */
static void fill_states(struct demo *d)
{
	int count[ST__COUNT] = { 0 };
	for (size_t i = 0; i < d->ncases; i++)
		count[d->cases[i].final]++;
	for (int s = ST_REQUESTED; s <= ST_FOLLOW_UP; s++) {
		for (size_t i = d->ncases; i-- > 0 && count[s] < MIN_PER_STATE;) {
			struct kase *k = &d->cases[i];
			int from = (int)k->final;
			if (from <= s || from == ST_STOPPED || count[from] <= MIN_PER_STATE + 1)
				continue;
			if (s == ST_CONFERENCE_SCHEDULED && k->wm)
				continue;
			if (s == ST_FOLLOW_UP && k->close_mode == CM_JUDGED)
				continue;
			count[from]--;
			count[s]++;
			k->final = (enum state)s;
		}
	}
}

/* ---- pass 3: follow-up requests ---------------------------------------------- */

/* a few later requests are follow-up conferences of an earlier case */
static void link_follow_ups(struct demo *d)
{
	for (size_t i = 0; i < d->ncases; i++) {
		struct kase *k = &d->cases[i];
		if (k->r < d->start + 200 || !chance(d, 4))
			continue;
		int best = -1;
		for (size_t j = 0; j < i; j++) {
			const struct kase *f = &d->cases[j];
			bool held = f->final >= ST_CONFERENCE_HELD && f->final <= ST_CLOSED;
			if (held && !f->followed && f->first < 0 && f->kind == K_FAMILY &&
			    f->c + 90 <= k->r && f->c + 400 >= k->r && chance(d, 30)) {
				best = (int)j;
				break;
			}
		}
		if (best < 0)
			continue;
		struct kase *f = &d->cases[best];
		f->followed = true;
		k->first = best;
		k->region = f->region;
		k->kind = f->kind;
		k->track = f->track;
		k->bg = f->bg;
	}
}

/* ---- pass 4: writing a request ----------------------------------------------- */

/* what was decided about a request's content, needed by later steps */
struct content {
	const char *topics[3];
	int ntopics;
	int minors;
	const char *pref_lang, *pref_bg;
	char pref_gender; /* 'f', 'm' or 0 */
	const char *interpreter;
	int safety;       /* index into SAFETY, or -1 */
	int org;          /* referrer organisation index, or -1 (self) */
	char referrer[96];
	int agreement;    /* index, or -1 */
	int64_t tariff;
	int64_t measure_id[2];
	bool measure_in_place[2];
	int nmeasures;
	/* network */
	int64_t member_id[20];
	bool member_usable[20]; /* a network member who can take an action */
	int nmembers;
	char informant[3][160]; /* "jeugdbeschermer mw. A. Voorbeeld" */
	int ninformants;
	int attended;
};

static int pick_org(struct demo *d, const struct kase *k)
{
	const struct typew *tw = REFERRERS[k->track];
	int w[5] = { 0 };
	size_t n = 0;
	while (n < 5 && tw[n].type) {
		w[n] = tw[n].w;
		n++;
	}
	const char *type = tw[pick_w(d, w, n)].type;
	int cand[NORGS], nc = 0, any[NORGS], na = 0;
	for (int i = 0; i < NORGS; i++) {
		if (strcmp(ORGS[i].type, type) != 0)
			continue;
		any[na++] = i;
		if (ORGS[i].region < 0 || ORGS[i].region == k->region)
			cand[nc++] = i;
	}
	if (nc)
		return cand[rnd(d, 0, nc - 1)];
	return na ? any[rnd(d, 0, na - 1)] : rnd(d, 0, NORGS - 1);
}

static void main_persons(struct demo *d, struct kase *k, const struct content *ct)
{
	char cap[64];
	const char *sn = pick_s(d, SURNAMES);
	snprintf(k->surname, sizeof(k->surname), "%s", sn);
	surname_capitalised(sn, cap, sizeof(cap));
	k->nmp = 1;
	if (k->kind == K_GROUP) {
		snprintf(k->mp[0], sizeof(k->mp[0]), "Bewoners van de %s", pick_s(d, STREETS));
	} else if (k->kind == K_LEARNING) {
		if (chance(d, 60)) {
			snprintf(k->mp[0], sizeof(k->mp[0]), "Groep %d van Basisschool De Verzonnen Vlinder",
				 rnd(d, 5, 8));
		} else {
			int year = rnd(d, 1, 3);
			snprintf(k->mp[0], sizeof(k->mp[0]), "Klas %d%c van Het Bedachte Lyceum (demo)",
				 year, "ABC"[rnd(d, 0, 2)]);
		}
	} else if (k->kind == K_RESTORATION) {
		k->nmp = 2;
		snprintf(k->mp[0], sizeof(k->mp[0]), "%s %s", first_name(d, k->bg, 'm'), sn);
		const char *other = first_name(d, rnd(d, 0, NBACKGROUNDS - 1), 'f');
		snprintf(k->mp[1], sizeof(k->mp[1]), "%s %s", other, pick_s(d, SURNAMES));
	} else if (ct->minors > 0 && k->track != T_PROBATION) {
		int form = rnd(d, 0, 99);
		if (form < 45) {
			snprintf(k->mp[0], sizeof(k->mp[0]), "Fam. %s", cap);
		} else if (form < 80) {
			k->nmp = 2;
			snprintf(k->mp[0], sizeof(k->mp[0]), "%s %s", first_name(d, k->bg, 'f'), sn);
			const char *father = first_name(d, k->bg, 'm');
			snprintf(k->mp[1], sizeof(k->mp[1]), "%s %s", father,
				 chance(d, 60) ? sn : pick_s(d, SURNAMES));
		} else {
			snprintf(k->mp[0], sizeof(k->mp[0]), "%s %s", first_name(d, k->bg, 'f'), sn);
		}
	} else {
		snprintf(k->mp[0], sizeof(k->mp[0]), "%s %s",
			 first_name(d, k->bg, chance(d, 55) ? 'f' : 'm'), sn);
		if (k->track != T_PROBATION && chance(d, 25)) {
			k->nmp = 2;
			snprintf(k->mp[1], sizeof(k->mp[1]), "%s %s",
				 first_name(d, k->bg, chance(d, 50) ? 'f' : 'm'), sn);
		}
	}
}

static int minors_for(struct demo *d, const struct kase *k)
{
	static const int family_w[5] = { 30, 30, 20, 12, 8 };
	switch (k->track) {
	case T_YOUTH:
	case T_CHILD_PROTECTION:
		return k->kind == K_FAMILY ? 1 + pick_w(d, family_w, 5) : rnd(d, 0, 2);
	case T_PROBATION: return rnd(d, 1, 3);
	case T_ADULT: return chance(d, 70) ? 0 : rnd(d, 1, 3);
	case T_EVICTION: return chance(d, 40) ? 0 : rnd(d, 1, 4);
	case T_OTHER: return chance(d, 60) ? 0 : rnd(d, 1, 2);
	default: return 0;
	}
}

static void topics_for(struct demo *d, const struct kase *k, struct content *ct)
{
	static const int count_w[3] = { 40, 40, 20 };
	const char *const *pool = TRACK_TOPICS[k->track];
	int want = 1 + pick_w(d, count_w, 3);
	ct->ntopics = 0;
	if (k->kind == K_RESTORATION)
		ct->topics[ct->ntopics++] = "restoration";
	for (int tries = 0; ct->ntopics < want && tries < 20; tries++) {
		/* the pools start with the track's main topics */
		int x = rnd(d, 0, 99);
		const char *t = x < 45 ? pool[0] : x < 65 ? pool[1] : pick_s(d, pool);
		bool dup = false;
		for (int i = 0; i < ct->ntopics; i++)
			dup = dup || strcmp(ct->topics[i], t) == 0;
		if (!dup)
			ct->topics[ct->ntopics++] = t;
	}
}

static bool has_topic(const struct content *ct, const char *t)
{
	for (int i = 0; i < ct->ntopics; i++)
		if (strcmp(ct->topics[i], t) == 0)
			return true;
	return false;
}

static void minors_ages(struct demo *d, int minors, char *out, size_t len)
{
	int ages[5];
	int n = minors < 5 ? minors : 5;
	for (int i = 0; i < n; i++)
		ages[i] = rnd(d, 0, 17);
	for (int i = 1; i < n; i++)
		for (int j = i; j > 0 && ages[j - 1] > ages[j]; j--) {
			int t = ages[j];
			ages[j] = ages[j - 1];
			ages[j - 1] = t;
		}
	size_t used = 0;
	out[0] = '\0';
	for (int i = 0; i < n && used < len; i++) {
		const char *sep = i == 0 ? "" : i == n - 1 ? " en " : ", ";
		int w = snprintf(out + used, len - used, "%s%d", sep, ages[i]);
		if (w < 0)
			break;
		used += (size_t)w;
	}
}

/* the measures threatened or in place when the request is made */
static int add_measures(struct demo *d, const struct kase *k, struct content *ct)
{
	static const char *const names[] = { "supervision_order", "out_of_home_placement", "eviction",
		"admission" };
	int which[2], count[2];
	bool in_place[2];
	int n = 0;
	int kids = ct->minors > 0 ? ct->minors : 1;
	if (k->track == T_CHILD_PROTECTION) {
		which[n] = 0;
		in_place[n] = chance(d, 35);
		count[n++] = rnd(d, 1, kids);
		if (chance(d, 40)) {
			which[n] = 1;
			in_place[n] = chance(d, 25);
			count[n++] = rnd(d, 1, kids);
		}
	} else if (k->track == T_YOUTH && chance(d, 12)) {
		which[n] = 0;
		in_place[n] = false;
		count[n++] = rnd(d, 1, kids);
	} else if (k->track == T_PROBATION && chance(d, 20)) {
		which[n] = 1;
		in_place[n] = false;
		count[n++] = 1;
	} else if (k->track == T_EVICTION) {
		which[n] = 2;
		in_place[n] = false;
		count[n++] = k->nmp + ct->minors;
	} else if (k->track == T_ADULT && has_topic(ct, "psychiatric_problems") && chance(d, 35)) {
		which[n] = 3;
		in_place[n] = false;
		count[n++] = 1;
	}
	for (int i = 0; i < n; i++) {
		json_t *o = obj(d);
		put_s(d, o, "measure", names[which[i]]);
		put_i(d, o, "count", count[i]);
		put_s(d, o, "at_request", in_place[i] ? "in_place" : "threatened");
		if (mk(d, &ENTITY_MEASURE, k->id, o, &ct->measure_id[i]) < 0)
			return -1;
		ct->measure_in_place[i] = in_place[i];
	}
	ct->nmeasures = n;
	return 0;
}

static int create_request(struct demo *d, struct kase *k, struct content *ct)
{
	json_t *o = obj(d), *topics = arr(d), *mps = arr(d);
	char text[200];
	const struct background *bg = &BACKGROUNDS[k->bg];

	ct->minors = minors_for(d, k);
	topics_for(d, k, ct);
	if (k->first >= 0) {
		const struct kase *f = &d->cases[k->first];
		k->nmp = f->nmp;
		memcpy(k->mp, f->mp, sizeof(k->mp));
		memcpy(k->surname, f->surname, sizeof(k->surname));
	} else {
		main_persons(d, k, ct);
	}
	ct->org = chance(d, SELF_PCT[k->track]) ? -1 : pick_org(d, k);
	if (ct->org >= 0)
		professional_name(d, ct->referrer, sizeof(ct->referrer));

	/* wishes for the coordinator, and an interpreter for some */
	ct->pref_lang = ct->pref_bg = ct->interpreter = NULL;
	ct->pref_gender = 0;
	if (k->bg != BG_NL) {
		if (bg->lang && chance(d, 30))
			ct->pref_lang = bg->lang;
		if (chance(d, 20))
			ct->pref_bg = bg->name;
		if (bg->interpret && chance(d, k->bg <= 2 ? 8 : 40))
			ct->interpreter = bg->lang;
	} else if (chance(d, 3)) {
		ct->pref_bg = bg->name;
	}
	if (chance(d, 12))
		ct->pref_gender = chance(d, 80) ? 'f' : 'm';
	int safety_pct = k->track == T_CHILD_PROTECTION ? 30 : has_topic(ct, "domestic_violence") ? 20 : 4;
	ct->safety = k->kind == K_FAMILY && chance(d, safety_pct) ? rnd(d, 0, (int)N(SAFETY) - 1) : -1;

	put_d(d, o, "requested_on", k->r);
	put_d(d, o, "wanted_on", k->r + 49);
	put_i(d, o, "region_id", d->region_id[k->region]);
	put_s(d, o, "referrer_type", ct->org >= 0 ? "professional" : "self");
	if (ct->org >= 0) {
		put_i(d, o, "referrer_organisation_id", d->org_id[ct->org]);
		put_s(d, o, "referrer_name", ct->referrer);
	}
	put_s(d, o, "kind", ENUM_KIND[k->kind]);
	put_s(d, o, "track", ENUM_TRACK[k->track]);
	for (int i = 0; i < ct->ntopics; i++)
		push_s(d, topics, ct->topics[i]);
	put_new(d, o, "topics", topics);
	for (int i = 0; i < k->nmp; i++)
		push_s(d, mps, k->mp[i]);
	put_new(d, o, "main_persons", mps);
	put_i(d, o, "minors", ct->minors);
	if (ct->minors > 0) {
		minors_ages(d, ct->minors, text, sizeof(text));
		put_s(d, o, "minors_ages", text);
	}
	put_b(d, o, "consent", k->consent);
	if (k->consent)
		put_d(d, o, "consent_on", min64(k->r + rnd(d, 0, 5), d->end));
	put_s(d, o, "preferred_language", ct->pref_lang);
	if (ct->pref_gender)
		put_s(d, o, "preferred_gender", ct->pref_gender == 'f' ? "female" : "male");
	put_s(d, o, "preferred_background", ct->pref_bg);
	put_b(d, o, "interpreter_needed", ct->interpreter != NULL);
	put_s(d, o, "interpreter_language", ct->interpreter);
	if (ct->safety >= 0)
		put_s(d, o, "safety_notes", SAFETY[ct->safety].note);
	if (k->first >= 0)
		put_i(d, o, "follow_up_of", d->cases[k->first].id);
	if (mk(d, &ENTITY_REQUEST, 0, o, &k->id) < 0)
		return -1;
	return add_measures(d, k, ct);
}

/* the agreement that pays, or another way of funding */
static int decide_funding(struct demo *d, struct kase *k, struct content *ct)
{
	json_t *o = obj(d);
	int cand[MAX_AGREEMENTS], w[MAX_AGREEMENTS], nc = 0;
	for (size_t i = 0; i < d->nag; i++) {
		const struct agreement *a = &d->ag[i];
		if (k->r < a->from || k->r > a->to || (a->region >= 0 && a->region != k->region))
			continue;
		int weight = 1;
		if (a->funder <= FU_GEM_G)
			weight = 6;
		else if (a->funder == FU_HOUSING)
			weight = k->track == T_EVICTION ? 10 : 0;
		else if (a->funder == FU_CARE)
			weight = k->track == T_CHILD_PROTECTION || k->track == T_PROBATION ? 4 : 1;
		else if (a->funder == FU_PROVINCE)
			weight = 2;
		if (weight > 0) {
			cand[nc] = (int)i;
			w[nc++] = weight;
		}
	}
	ct->agreement = -1;
	ct->tariff = BASE_TARIFF[k->kind];
	if (nc > 0 && chance(d, 92)) {
		ct->agreement = cand[pick_w(d, w, (size_t)nc)];
		const struct agreement *a = &d->ag[ct->agreement];
		ct->tariff = a->tariff[k->kind];
		put_s(d, o, "funding_source", "agreement");
		put_i(d, o, "agreement_id", a->id);
		if (chance(d, 30)) {
			char note[160];
			snprintf(note, sizeof(note), "Past binnen %s.", a->name);
			put_s(d, o, "note", note);
		}
	} else {
		int how = rnd(d, 0, 3);
		if (how <= 1) {
			put_s(d, o, "funding_source", "other_funder");
			put_i(d, o, "funder_id", d->funder_id[FU_FUND]);
			put_s(d, o, "note",
			      "Geen passende overeenkomst; het fonds betaalt deze conferentie.");
		} else if (how == 2) {
			put_s(d, o, "funding_source", "institution");
			put_i(d, o, "funder_id", d->funder_id[FU_CARE]);
		} else {
			put_s(d, o, "funding_source", "family_contribution");
			put_s(d, o, "note", "De familie betaalt zelf een deel; de rest uit eigen middelen.");
		}
	}
	return act(d, "decide-funding", k->id, o, k->f);
}

/* the coordinator who fits the wishes best, with the fewest cases */
static int choose_coordinator(struct demo *d, const struct kase *k, const struct content *ct, int except)
{
	bool old_case = k->r < d->start + 300 && (k->final == ST_CLOSED || k->final == ST_STOPPED);
	int best_score = -1, best_load = 0, pick = -1, ties = 0;
	for (int i = 0; i < NCOORDINATORS; i++) {
		const struct coordinator *c = &d->co[i];
		if (i == except || !c->regions[k->region] || (c->retiring && !old_case))
			continue;
		int score = 0;
		if (ct->pref_lang && speaks(c, ct->pref_lang))
			score += 4;
		if (ct->pref_bg && strcmp(BACKGROUNDS[c->bg].name, ct->pref_bg) == 0)
			score += 3;
		if (ct->pref_gender && c->gender == ct->pref_gender)
			score += 2;
		if (ct->interpreter && speaks(c, ct->interpreter))
			score += 1;
		if (score > best_score || (score == best_score && c->load < best_load)) {
			best_score = score;
			best_load = c->load;
			pick = i;
			ties = 1;
		} else if (score == best_score && c->load == best_load && rnd(d, 0, ties++) == 0) {
			pick = i;
		}
	}
	return pick;
}

static int assign(struct demo *d, struct kase *k, const struct content *ct, int except, const char *note,
		  int64_t day)
{
	int c = choose_coordinator(d, k, ct, except);
	if (c < 0)
		return 0; /* nobody else serves the region: keep the coordinator */
	json_t *o = obj(d);
	put_i(d, o, "coordinator_id", d->co[c].id);
	put_s(d, o, "note", note);
	if (act(d, "assign-coordinator", k->id, o, day) < 0)
		return -1;
	d->co[c].load++;
	k->coord = c;
	return 0;
}

/* the circle around the main person, and the informants, as far as the case has come */
static int add_network(struct demo *d, struct kase *k, struct content *ct, enum state goal)
{
	const struct relation *pool;
	size_t npool;
	switch (k->kind) {
	case K_GROUP: pool = REL_GROUP; npool = N(REL_GROUP); break;
	case K_LEARNING: pool = REL_LEARNING; npool = N(REL_LEARNING); break;
	default:
		if (ct->minors > 0 && k->track != T_PROBATION) {
			pool = REL_FAMILY;
			npool = N(REL_FAMILY);
		} else {
			pool = REL_ADULT;
			npool = N(REL_ADULT);
		}
	}
	bool held = goal >= ST_CONFERENCE_HELD && !k->wm;
	bool planned = goal >= ST_CONFERENCE_SCHEDULED || (k->wm && goal >= ST_CONFERENCE_HELD);
	int n = rnd(d, 6, 15);
	bool used[20] = { false };
	ct->nmembers = 0;
	ct->attended = 0;
	for (int i = 0; i < n; i++) {
		const struct relation *rel;
		const char *rel_name;
		char gender;
		bool dni = i == 0 && ct->safety >= 0;
		if (dni) {
			rel = NULL;
			rel_name = SAFETY[ct->safety].relation;
			gender = SAFETY[ct->safety].gender;
		} else {
			int j = rnd(d, 0, (int)npool - 1);
			while (used[j])
				j = (j + 1) % (int)npool;
			used[j] = true;
			rel = &pool[j];
			rel_name = rel->name;
			gender = rel->gender;
		}
		/* family shares the name; neighbours and friends mostly Dutch */
		int bg = rel && !rel->kin && chance(d, 50) ? BG_NL : k->bg;
		char name[128], contact[32];
		const char *first = first_name(d, bg, gender);
		snprintf(name, sizeof(name), "%s %s", first,
			 (rel && rel->kin) || (dni && chance(d, 50)) ? k->surname : pick_s(d, SURNAMES));
		bool invited = false, consented = false, attended = false;
		if (!dni) {
			invited = planned ? chance(d, 93) : chance(d, 50);
			consented = invited && chance(d, planned ? 88 : 60);
			attended = held && consented && chance(d, 92);
		}
		json_t *o = obj(d);
		put_s(d, o, "name", name);
		put_s(d, o, "relation", rel_name);
		if (chance(d, 50)) {
			snprintf(contact, sizeof(contact), "06-0000%04d", rnd(d, 0, 9999));
			put_s(d, o, "contact", contact);
		}
		put_b(d, o, "do_not_invite", dni);
		put_b(d, o, "invited", invited);
		put_b(d, o, "consented", consented);
		put_b(d, o, "attended", attended);
		if (dni)
			put_s(d, o, "notes",
			      "Niet uitnodigen: zie de veiligheidsafspraken in de aanmelding.");
		else if (held && consented && !attended)
			put_s(d, o, "notes", "Kon niet komen; gaf vooraf een bijdrage via de coördinator.");
		else if (invited && !consented && chance(d, 40))
			put_s(d, o, "notes", "Wil niet deelnemen, maar blijft op de hoogte.");
		int64_t id = 0;
		if (mk(d, &ENTITY_NETWORK_MEMBER, k->id, o, &id) < 0)
			return -1;
		ct->member_id[ct->nmembers] = id;
		ct->member_usable[ct->nmembers] = !dni && (held ? attended : consented || !planned);
		ct->nmembers++;
		ct->attended += attended;
	}
	/* informants: professionals for phase 1 */
	const struct informant *inf = INFORMANTS[k->track].list;
	size_t ninf = INFORMANTS[k->track].n;
	int m = rnd(d, 1, 3);
	if ((size_t)m > ninf)
		m = (int)ninf;
	int first = rnd(d, 0, (int)ninf - 1);
	ct->ninformants = 0;
	for (int i = 0; i < m; i++) {
		const struct informant *in = &inf[(first + i) % (int)ninf];
		char who[96];
		professional_name(d, who, sizeof(who));
		bool invited = planned || chance(d, 60);
		bool attended = held && chance(d, 85);
		json_t *o = obj(d);
		put_s(d, o, "name", who);
		put_s(d, o, "relation", in->role);
		put_s(d, o, "role", "informant");
		put_s(d, o, "organisation", in->organisation);
		put_b(d, o, "invited", invited);
		put_b(d, o, "consented", invited);
		put_b(d, o, "attended", attended);
		if (mk(d, &ENTITY_NETWORK_MEMBER, k->id, o, NULL) < 0)
			return -1;
		snprintf(ct->informant[i], sizeof(ct->informant[i]), "%s %s", in->role, who);
		ct->ninformants++;
		ct->attended += attended;
	}
	return 0;
}

static int schedule(struct demo *d, struct kase *k, int64_t on, const char *place, const char *note,
		    int64_t day)
{
	json_t *o = obj(d);
	put_d(d, o, "scheduled_on", on);
	put_s(d, o, "place", place);
	put_s(d, o, "note", note);
	return act(d, "schedule-conference", k->id, o, day);
}

static void hhmm(int minutes, char out[8])
{
	snprintf(out, 8, "%02d:%02d", (minutes / 60) % 24, minutes % 60);
}

static int record_conference(struct demo *d, struct kase *k, const struct content *ct)
{
	json_t *o = obj(d);
	put_s(d, o, "outcome", k->wm ? "plan_without_meeting" : "plan");
	put_d(d, o, "held_on", k->c);
	if (!k->wm) {
		int wd = weekday(k->c);
		int start = wd == 5 ? (chance(d, 50) ? 600 : 630) : (chance(d, 50) ? 1110 : 1140);
		int p2 = start + 5 * rnd(d, 6, 15);
		int p3 = p2 + 5 * rnd(d, 9, 24);
		int end = p3 + 5 * rnd(d, 6, 12);
		char t[8];
		put_i(d, o, "participants_present", ct->attended + 1);
		hhmm(start, t);
		put_s(d, o, "phase1_start", t);
		hhmm(p2, t);
		put_s(d, o, "phase2_start", t);
		hhmm(p3, t);
		put_s(d, o, "phase3_start", t);
		hhmm(end, t);
		put_s(d, o, "ended_at", t);
	} else {
		put_s(d, o, "note",
		      "De familie maakte het plan zonder bijeenkomst; de coördinator schreef het uit.");
	}
	return act(d, "record-conference", k->id, o, k->c);
}

/* a network member who can take on an action, or 0 */
static int64_t doer(struct demo *d, const struct content *ct)
{
	int n = 0;
	for (int i = 0; i < ct->nmembers; i++)
		n += ct->member_usable[i];
	if (n == 0)
		return 0;
	int x = rnd(d, 0, n - 1);
	for (int i = 0; i < ct->nmembers; i++)
		if (ct->member_usable[i] && x-- == 0)
			return ct->member_id[i];
	return 0;
}

/* the date of the last follow-up that looked at the plan, or 0 */
static int64_t last_follow_up(const struct kase *k, enum state goal, int64_t end)
{
	if (goal < ST_FOLLOW_UP || goal == ST_STOPPED || k->close_mode == CM_JUDGED)
		return 0;
	int64_t until = goal == ST_CLOSED ? k->cl : end;
	int64_t last = 0;
	if (k->fr1 && k->fr1 <= until)
		last = k->fr1;
	if (k->fr2 && k->fr2 <= until)
		last = k->fr2;
	if (k->fr3 && k->fr3 <= until)
		last = k->fr3;
	return last;
}

struct plan_state {
	int64_t plan_id;
	int rejection; /* index into REJECTIONS of the rejected verdict */
	const char *what[9];
	int64_t due[9];
	bool done[9];
	int nactions;
};

static const char *const *texts_for(const char *topic)
{
	for (size_t i = 0; i < N(WHAT); i++)
		if (strcmp(WHAT[i].topic, topic) == 0)
			return WHAT[i].what;
	return W_OTHER;
}

static bool text_used(const struct plan_state *ps, const char *what)
{
	for (int i = 0; i < ps->nactions; i++)
		if (ps->what[i] == what)
			return true;
	return false;
}

/*
 * A topic and a text for an action that the plan does not have yet: mostly
 * one of the request's topics, otherwise a general one ("other").
 */
static void choose_what(struct demo *d, const struct content *ct, const struct plan_state *ps,
			bool professional, const char **topic, const char **what)
{
	const char *tt[64], *ww[64];
	int n = 0, own = 0;
	if (professional) {
		for (int i = 0; W_PROFESSIONAL[i]; i++) {
			if (text_used(ps, W_PROFESSIONAL[i]))
				continue;
			tt[n] = ct->ntopics ? ct->topics[rnd(d, 0, ct->ntopics - 1)] : "other";
			ww[n++] = W_PROFESSIONAL[i];
		}
		own = n;
	} else {
		for (int t = 0; t < ct->ntopics; t++) {
			const char *const *list = texts_for(ct->topics[t]);
			for (int i = 0; list[i] && n < (int)N(ww); i++) {
				if (text_used(ps, list[i]) || list == W_OTHER)
					continue;
				tt[n] = ct->topics[t];
				ww[n++] = list[i];
			}
		}
		own = n;
		for (int i = 0; W_OTHER[i] && n < (int)N(ww); i++) {
			if (text_used(ps, W_OTHER[i]))
				continue;
			tt[n] = "other";
			ww[n++] = W_OTHER[i];
		}
	}
	if (n == 0) { /* every text used: one may come twice */
		*topic = "other";
		*what = pick_s(d, professional ? W_PROFESSIONAL : W_OTHER);
		return;
	}
	int x = own > 0 && chance(d, 85) ? rnd(d, 0, own - 1) : rnd(d, 0, n - 1);
	*topic = tt[x];
	*what = ww[x];
}

static int add_action(struct demo *d, struct kase *k, const struct content *ct, struct plan_state *ps,
		      bool professional, const char *topic, const char *what, int64_t done_by)
{
	json_t *o = obj(d);
	int64_t member = professional ? 0 : doer(d, ct);
	if (!member)
		professional = true;
	if (!what)
		choose_what(d, ct, ps, professional, &topic, &what);
	int64_t due = k->c + rnd(d, 7, 120);
	bool done = done_by && due <= done_by && chance(d, 80);
	put_s(d, o, "topic", topic);
	put_s(d, o, "what", what);
	put_s(d, o, "by", professional ? "professional" : "network");
	if (professional) {
		char who[160];
		if (ct->ninformants && chance(d, 80))
			snprintf(who, sizeof(who), "%s", ct->informant[rnd(d, 0, ct->ninformants - 1)]);
		else
			snprintf(who, sizeof(who), "%s", ct->org >= 0 ? ORGS[ct->org].name : "Wijkteam Oost (demo)");
		put_s(d, o, "professional", who);
	} else {
		put_i(d, o, "network_member_id", member);
	}
	put_d(d, o, "due_on", due);
	put_b(d, o, "done", done);
	/* about a fifth of all actions would otherwise be a professional's */
	put_b(d, o, "substitutes_professional", !professional && chance(d, 22));
	if (mk(d, &ENTITY_PLAN_ACTION, k->id, o, NULL) < 0)
		return -1;
	if (ps->nactions < (int)N(ps->due)) {
		ps->what[ps->nactions] = what;
		ps->due[ps->nactions] = due;
		ps->done[ps->nactions] = done;
		ps->nactions++;
	}
	return 0;
}

static int write_plan(struct demo *d, struct kase *k, const struct content *ct, struct plan_state *ps,
		      int64_t done_by)
{
	json_t *o = obj(d);
	put_d(d, o, "evaluation_on", k->c + rnd(d, 42, 90));
	put_s(d, o, "fallback", pick_s(d, FALLBACKS));
	if (chance(d, 30))
		put_s(d, o, "notes", "De familie spreekt af elkaar elke maand te zien om het plan door te nemen.");
	if (mk(d, &ENTITY_PLAN, k->id, o, &ps->plan_id) < 0)
		return -1;
	/* four in ten plans ask no professional help at all */
	int n = rnd(d, 3, 8);
	int nprof = chance(d, 40) ? 0 : rnd(d, 1, 2);
	for (int i = 0; i < n; i++)
		if (add_action(d, k, ct, ps, i >= n - nprof, NULL, NULL, done_by) < 0)
			return -1;
	return 0;
}

static void verdict_by(struct demo *d, const struct content *ct, json_t *o)
{
	char who[96];
	if (ct->org >= 0) {
		put_s(d, o, "by_name", ct->referrer);
		put_s(d, o, "organisation", ORGS[ct->org].name);
	} else {
		professional_name(d, who, sizeof(who));
		put_s(d, o, "by_name", who);
		put_s(d, o, "organisation", "Wijkteam Oost (demo)");
	}
}

static int judge(struct demo *d, struct kase *k, const struct content *ct, struct plan_state *ps,
		 bool ok, int64_t on)
{
	json_t *o = obj(d);
	put_b(d, o, "safe_and_feasible", ok);
	verdict_by(d, ct, o);
	put_d(d, o, "judged_on", on);
	if (!ok) {
		int fits[N(REJECTIONS)] = { 0 }, n = 0; /* the first rejection fits every plan */
		for (size_t i = 0; i < N(REJECTIONS); i++)
			if (!REJECTIONS[i].topic || has_topic(ct, REJECTIONS[i].topic))
				fits[n++] = (int)i;
		ps->rejection = n ? fits[rnd(d, 0, n - 1)] : 0;
		put_s(d, o, "reasons", REJECTIONS[ps->rejection].reasons);
	}
	return act(d, "judge-plan", k->id, o, on);
}

/* the family amends a rejected plan: a note on the plan and one more action */
static int amend_plan(struct demo *d, struct kase *k, const struct content *ct, struct plan_state *ps,
		      int64_t done_by)
{
	json_t *o = obj(d);
	put_s(d, o, "notes", REJECTIONS[ps->rejection].amendment);
	if (change(d, &ENTITY_PLAN, ps->plan_id, 1, o) < 0)
		return -1;
	return add_action(d, k, ct, ps, false, REJECTIONS[ps->rejection].action_topic,
			  REJECTIONS[ps->rejection].action, done_by);
}

static int pct_done(const struct plan_state *ps, int64_t by)
{
	if (ps->nactions == 0)
		return 0;
	int done = 0;
	for (int i = 0; i < ps->nactions; i++)
		done += ps->done[i] && ps->due[i] <= by;
	return (done * 100 + ps->nactions / 2) / ps->nactions;
}

static int grade(struct demo *d)
{
	static const int w[5] = { 8, 22, 35, 25, 10 }; /* 6..10, mean about 8 */
	return 6 + pick_w(d, w, 5);
}

static int follow_up_record(struct demo *d, struct kase *k, const struct content *ct, int64_t on,
			    const char *kind, int situation, const struct plan_state *ps)
{
	static const char *const situations[] = { "improved", "same", "worse" };
	json_t *o = obj(d);
	put_d(d, o, "follow_up_on", on);
	put_s(d, o, "kind", kind);
	if (strcmp(kind, "phone_call") == 0) {
		put_s(d, o, "notes", pick_s(d, PHONE_NOTES));
	} else {
		put_s(d, o, "situation", situations[situation]);
		put_i(d, o, "satisfaction_main_person", grade(d));
		if (ct->minors > 0 && chance(d, 50))
			put_i(d, o, "satisfaction_child", grade(d));
		if (chance(d, 80))
			put_i(d, o, "satisfaction_network", grade(d));
		if (chance(d, 70))
			put_i(d, o, "satisfaction_professional", grade(d));
		put_i(d, o, "actions_done_pct", pct_done(ps, on));
	}
	return mk(d, &ENTITY_FOLLOW_UP, k->id, o, NULL);
}

/* the follow-up records up to `until`, then the measures' status */
static int follow_ups(struct demo *d, struct kase *k, const struct content *ct, const struct plan_state *ps,
		      int64_t until)
{
	/* after some months about two thirds better, one in twenty worse */
	static const int sit_w[3] = { 67, 29, 4 };
	static const int early_w[3] = { 58, 40, 2 };
	int situation = pick_w(d, sit_w, 3);
	int early = situation == 2 ? 2 : pick_w(d, early_w, 3);
	bool looked = false;
	if (k->fu <= until && chance(d, 70) && follow_up_record(d, k, ct, k->fu, "phone_call", 0, ps) < 0)
		return -1;
	if (k->fr1 && k->fr1 <= until) {
		if (follow_up_record(d, k, ct, k->fr1, "follow_up", k->fr2 ? early : situation, ps) < 0)
			return -1;
		looked = true;
	}
	if (k->fr2 && k->fr2 <= until && follow_up_record(d, k, ct, k->fr2, "follow_up", situation, ps) < 0)
		return -1;
	if (k->fr3 && k->fr3 <= until && follow_up_record(d, k, ct, k->fr3, "follow_up", situation, ps) < 0)
		return -1;
	if (!looked)
		return 0;
	/* "prevented" means: threatened at the request, not happened at follow-up */
	for (int i = 0; i < ct->nmeasures; i++) {
		const char *status;
		if (ct->measure_in_place[i])
			status = chance(d, situation == 0 ? 45 : 20) ? "reversed" : "continued";
		else
			status = chance(d, situation == 2 ? 35 : 88) ? "prevented" : "happened";
		json_t *o = obj(d);
		put_s(d, o, "at_follow_up", status);
		if (change(d, &ENTITY_MEASURE, ct->measure_id[i], 1, o) < 0)
			return -1;
	}
	return 0;
}

static int cost(struct demo *d, struct kase *k, const char *kind, int64_t amount, int64_t on, const char *what)
{
	json_t *o = obj(d);
	put_s(d, o, "kind", kind);
	put_i(d, o, "amount_cents", amount);
	put_d(d, o, "incurred_on", on);
	put_s(d, o, "description", what);
	return mk(d, &ENTITY_COST, k->id, o, NULL);
}

static int costs(struct demo *d, struct kase *k, const struct content *ct, enum state goal, bool at_home,
		 const char *place)
{
	int64_t fee = k->coord >= 0 ? d->co[k->coord].fee : 175000;
	if (k->stopped) {
		if (k->stop_stage < ST_PREPARATION)
			return 0;
		return cost(d, k, "coordinator_fee", fee / 2, k->sd,
			    "Gedeeltelijk honorarium: gestopt tijdens de voorbereiding");
	}
	if (goal < ST_CONFERENCE_HELD)
		return 0;
	char text[256];
	snprintf(text, sizeof(text), "Tarief %s-conferentie", k->kind == K_FAMILY ? "familie" :
		 k->kind == K_RESTORATION ? "herstel" : k->kind == K_GROUP ? "groeps" : "leervraag");
	if (cost(d, k, "tariff", ct->tariff, k->c, text) < 0)
		return -1;
	if (cost(d, k, "coordinator_fee", fee, k->c, "Honorarium coördinator") < 0)
		return -1;
	if (ct->interpreter && !k->wm &&
	    cost(d, k, "interpreter", 6000 * rnd(d, 2, 6), k->c, "Tolk tijdens de conferentie") < 0)
		return -1;
	if (!k->wm && !at_home && chance(d, 60)) {
		snprintf(text, sizeof(text), "Zaalhuur %s", place);
		if (cost(d, k, "venue", 2500 * rnd(d, 3, 10), k->c, text) < 0)
			return -1;
	}
	if (chance(d, 40) && cost(d, k, "travel", 100 * rnd(d, 12, 85), k->c, "Reiskosten coördinator") < 0)
		return -1;
	return 0;
}

/* write one request and walk it through the lifecycle up to where it stands */
static int run_case(struct demo *d, struct kase *k)
{
	struct content ct;
	struct plan_state ps;
	memset(&ct, 0, sizeof(ct));
	memset(&ps, 0, sizeof(ps));
	enum state goal = k->stopped ? (enum state)k->stop_stage : k->final;
	bool at_home = chance(d, 30);
	const char *place = at_home ? "Bij de familie thuis" : pick_s(d, PLACES);

	if (create_request(d, k, &ct) < 0)
		return -1;
	if (goal >= ST_FUNDING_DECIDED && decide_funding(d, k, &ct) < 0)
		return -1;
	if (goal >= ST_COORDINATOR_ASSIGNED && assign(d, k, &ct, -1, NULL, k->a) < 0)
		return -1;
	if (goal >= ST_PREPARATION) {
		if (act(d, "start-preparation", k->id, obj(d), k->p) < 0)
			return -1;
		if (k->reassign && assign(d, k, &ct, k->coord,
					  "Overgedragen: de coördinator is tijdelijk niet beschikbaar.",
					  min64(k->p + 3, d->end)) < 0)
			return -1;
		if (add_network(d, k, &ct, goal) < 0)
			return -1;
	}
	if (goal >= ST_CONFERENCE_SCHEDULED && !k->wm) {
		bool moved = k->resched && k->rs <= d->end;
		if (schedule(d, k, k->resched ? k->c0 : k->c, place, NULL, k->sc) < 0)
			return -1;
		if (moved && schedule(d, k, k->c, place, "Verzet op verzoek van de familie.", k->rs) < 0)
			return -1;
	}
	int64_t done_by = last_follow_up(k, goal, d->end);
	if (goal >= ST_CONFERENCE_HELD) {
		if (record_conference(d, k, &ct) < 0 || write_plan(d, k, &ct, &ps, done_by) < 0)
			return -1;
		if (k->rejected && k->v1 <= d->end) {
			if (judge(d, k, &ct, &ps, false, k->v1) < 0 || amend_plan(d, k, &ct, &ps, done_by) < 0)
				return -1;
		}
	}
	if (goal >= ST_PLAN_JUDGED && judge(d, k, &ct, &ps, true, k->v) < 0)
		return -1;
	if (goal >= ST_FOLLOW_UP && k->close_mode != CM_JUDGED) {
		if (act(d, "start-follow-up", k->id, obj(d), k->fu) < 0)
			return -1;
		if (follow_ups(d, k, &ct, &ps, goal == ST_CLOSED ? k->cl : d->end) < 0)
			return -1;
	}
	if (goal == ST_CLOSED) {
		json_t *o = obj(d);
		if (act(d, "close", k->id, o, k->cl) < 0)
			return -1;
	}
	if (k->stopped) {
		json_t *o = obj(d);
		put_s(d, o, "reason", ENUM_STOP_REASON[k->reason]);
		put_s(d, o, "note", STOP_NOTES[k->reason]);
		if (act(d, "stop", k->id, o, k->sd) < 0)
			return -1;
	}
	return costs(d, k, &ct, goal, at_home, place);
}

/* coordinators who retired during the window are no longer available */
static int retire(struct demo *d)
{
	for (int i = 0; i < NCOORDINATORS; i++) {
		if (!d->co[i].retiring)
			continue;
		json_t *o = obj(d);
		put_b(d, o, "active", false);
		if (change(d, &ENTITY_COORDINATOR, d->co[i].id, 1, o) < 0)
			return -1;
	}
	return 0;
}

/* ---- matching: a pool that shows every rule ------------------------------------ */

/*
 * Coordinators in the first region around the wish most often made there:
 * an Arabic-speaking woman, Moroccan. Some fit; the others are each kept
 * out by one hard rule, so that the shortlist of the requests below shows
 * every reason: linked to the referrer, to the funder, to the family;
 * training not current; on holiday around the wanted date; full; not
 * active. 'k' in who: the rule (see below).
 */
static const struct showcase_coordinator {
	const char *name, *gender, *langs[3], *basic, *bg;
	char rule; /* 0 fits; r referrer, f funder, n family, t training, u unavailable, c capacity, i inactive */
	int capacity;
	const char *town;
} SHOWCASE[] = {
	{ "Samira Bedachtzaam", "female", { "nl", "ar", "ber" }, NULL, "Marokkaans", 0, 4, "Voorbeeldstad" },
	{ "Naima van Denkbeeld", "female", { "nl", "ar" }, "en", "Marokkaans", 0, 3, NULL },
	{ "Hanan Fictiefsma", "female", { "nl", "en" }, "ar", "Egyptisch", 0, 3, NULL },
	{ "Rachid Voorbeeld", "male", { "nl", "ar", "ber" }, NULL, "Marokkaans", 0, 5, "Voorbeeldstad" },
	{ "Aylin Verzinsel", "female", { "nl", "tr" }, NULL, "Turks", 0, 3, NULL },
	{ "Agnieszka Schijnveld", "female", { "nl", "pl", "en" }, NULL, "Pools", 0, 3, NULL },
	{ "Fatima de Proefman", "female", { "nl", "ar" }, NULL, "Marokkaans", 'r', 3, NULL },
	{ "Khadija Testerink", "female", { "nl", "ar", "ber" }, NULL, "Marokkaans", 'f', 3, NULL },
	{ "Malika Dromers", "female", { "nl", "ar" }, NULL, "Marokkaans", 'n', 3, NULL },
	{ "Latifa van Zomaar", "female", { "nl", "ar" }, NULL, "Marokkaans", 't', 3, NULL },
	{ "Souad Denkers", "female", { "nl", "ar", "ber" }, NULL, "Marokkaans", 'u', 3, NULL },
	{ "Yasmina Verbeelding", "female", { "nl", "ar" }, NULL, "Marokkaans", 'c', 0, NULL },
	{ "Nadia van Ergenshoven", "female", { "nl", "ar" }, NULL, "Marokkaans", 'i', 3, NULL },
};

/* the showcase's people: the main person, and the aunt the coordinator
 * Malika Dromers knows privately */
static const char *const SHOWCASE_PERSONS[] = { "Amina el Fictief", "Zohra el Fictief" };

static int showcase_coordinators(struct demo *d, int64_t wanted)
{
	char period[160];
	for (size_t i = 0; i < N(SHOWCASE); i++) {
		const struct showcase_coordinator *c = &SHOWCASE[i];
		json_t *o = obj(d), *langs = arr(d), *bgs = arr(d), *regions = arr(d), *lb = arr(d);
		json_t *refresh = arr(d), *away = arr(d), *orgs = arr(d), *funders = arr(d), *rel = arr(d);
		json_t *towns = arr(d);
		put_s(d, o, "name", c->name);
		put_s(d, o, "gender", c->gender);
		for (int q = 0; q < 3 && c->langs[q]; q++)
			push_s(d, langs, c->langs[q]);
		if (c->basic)
			push_s(d, lb, c->basic);
		push_s(d, bgs, c->bg);
		push_i(d, regions, d->region_id[0]);
		if (c->town)
			push_s(d, towns, c->town);
		put_new(d, o, "languages", langs);
		put_new(d, o, "languages_basic", lb);
		put_new(d, o, "backgrounds", bgs);
		put_new(d, o, "region_ids", regions);
		put_new(d, o, "municipalities", towns);
		put_b(d, o, "active", c->rule != 'i');
		put_i(d, o, "capacity", c->capacity);
		put_i(d, o, "fee_cents", 175000);
		put_d(d, o, "course_on", ymd(FIRST_YEAR - 2, 3 + (int)i % 6, 14));
		/* training: a refresher late in the window, or one long ago */
		push_s(d, refresh, day_text(c->rule == 't' ? ymd(FIRST_YEAR - 2, 11, 3) : d->end - 60 - 9 * (int64_t)i).s);
		put_new(d, o, "refresher_dates", refresh);
		if (c->rule == 'u') {
			snprintf(period, sizeof period, "%s/%s", day_text(wanted - 3).s, day_text(wanted + 18).s);
			push_s(d, away, period);
		}
		put_new(d, o, "unavailable", away);
		if (c->rule == 'r')
			push_i(d, orgs, d->org_id[0]);
		put_new(d, o, "organisation_ids", orgs);
		if (c->rule == 'f')
			push_i(d, funders, d->funder_id[FU_GEM_A]);
		put_new(d, o, "funder_ids", funders);
		if (c->rule == 'n')
			push_s(d, rel, SHOWCASE_PERSONS[1]);
		put_new(d, o, "family_relations", rel);
		if (mk(d, &ENTITY_COORDINATOR, 0, o, NULL) < 0)
			return -1;
	}
	return 0;
}

/*
 * Two requests in the first region, funded and waiting for a coordinator,
 * whose family wishes for an Arabic-speaking woman of Moroccan background
 * (the second also with an interpreter for Berber); the referrer is the
 * youth care organisation and the municipality pays.
 */
static int matching_showcase(struct demo *d)
{
	int64_t wanted = d->end + 40;
	if (showcase_coordinators(d, wanted) < 0)
		return -1;
	for (int r = 0; r < 2; r++) {
		int64_t id;
		char name[64];
		json_t *o = obj(d), *mps = arr(d), *topics = arr(d);
		snprintf(name, sizeof name, "%s%s", SHOWCASE_PERSONS[0], r ? " (tweede aanvraag)" : "");
		put_d(d, o, "requested_on", d->end - 20 + r);
		put_i(d, o, "region_id", d->region_id[0]);
		put_s(d, o, "referrer_type", "professional");
		put_i(d, o, "referrer_organisation_id", d->org_id[0]);
		put_s(d, o, "referrer_name", "mw. J. Voorbeeld");
		put_s(d, o, "kind", "family");
		put_s(d, o, "track", "youth_voluntary");
		push_s(d, topics, "parenting");
		push_s(d, topics, "school");
		put_new(d, o, "topics", topics);
		push_s(d, mps, name);
		put_new(d, o, "main_persons", mps);
		put_i(d, o, "minors", 2);
		put_b(d, o, "consent", true);
		put_d(d, o, "consent_on", d->end - 18 + r);
		put_s(d, o, "preferred_language", "ar");
		put_s(d, o, "preferred_gender", "female");
		put_s(d, o, "preferred_background", "Marokkaans");
		put_b(d, o, "interpreter_needed", r == 1);
		if (r == 1)
			put_s(d, o, "interpreter_language", "ber");
		put_s(d, o, "municipality", "Voorbeeldstad");
		put_d(d, o, "wanted_on", wanted);
		if (mk(d, &ENTITY_REQUEST, 0, o, &id) < 0)
			return -1;
		o = obj(d);
		put_s(d, o, "name", SHOWCASE_PERSONS[1]);
		put_s(d, o, "relation", "tante");
		if (mk(d, &ENTITY_NETWORK_MEMBER, id, o, NULL) < 0)
			return -1;
		o = obj(d);
		put_s(d, o, "funding_source", "other_funder");
		put_i(d, o, "funder_id", d->funder_id[FU_GEM_A]);
		put_s(d, o, "note", "De gemeente betaalt buiten de overeenkomst om.");
		if (act(d, "decide-funding", id, o, d->end - 15 + r) < 0)
			return -1;
	}
	return 0;
}

/* ---- the whole data set -------------------------------------------------------- */

int svc_demo(struct svc *s, unsigned seed, int years, struct svc_error *err)
{
	struct demo d;
	int64_t *days = NULL;
	int ret = -1;

	if (years < 1 || years > MAX_YEARS) {
		svc_error_set(err, 400, "bad_parameter", "years", "the demo covers 1 to %d years",
			      MAX_YEARS);
		return -1;
	}
	memset(&d, 0, sizeof(d));
	d.s = s;
	d.err = err;
	d.rng = 0x6B72696E67ull ^ ((uint64_t)seed << 32) ^ seed; /* "kring" */
	d.years = years;
	d.start = ymd(FIRST_YEAR, 11, 1);
	d.end = ymd(FIRST_YEAR + years, 11, 1) - 1;
	d.ncases = (size_t)REQUESTS_PER_YEAR * (size_t)years;
	d.cases = calloc(d.ncases, sizeof(*d.cases));
	days = calloc(d.ncases, sizeof(*days));
	if (!d.cases || !days) {
		fail_oom(&d);
		goto done;
	}

	if (make_regions(&d) < 0 || make_organisations(&d) < 0 || make_funders(&d) < 0 ||
	    make_coordinators(&d) < 0)
		goto done;

	request_days(&d, days);
	for (size_t i = 0; i < d.ncases; i++)
		plan_case(&d, &d.cases[i], days[i]);
	fill_states(&d);
	link_follow_ups(&d);

	for (size_t i = 0; i < d.ncases; i++)
		if (run_case(&d, &d.cases[i]) < 0)
			goto done;
	if (retire(&d) < 0 || matching_showcase(&d) < 0)
		goto done;
	ret = 0;
done:
	free(days);
	free(d.cases);
	return ret;
}
