"""Seed taxonomy: the occupations and skills of the local industries named in the county
policies (smart equipment, new energy, cultural tourism and health, logistics, services), with
the everyday names people actually use. Staff extend it in the admin.

Each entry: a key (the demo's name for it), the occupation's code in the national
classification (CSCO 2022, loaded by a migration; several entries may share one), the everyday
title and synonyms the county uses for it (added to the occupation's titles), the industry
section, a typical monthly wage range (yuan, for the demo), and its skills as (code, name,
synonyms).
"""

from __future__ import annotations

from typing import TypedDict


class OccupationSeed(TypedDict):
    key: str
    csco: str
    title: str
    industry: str
    synonyms: str
    wage: tuple[int, int]
    skills: list[tuple[str, str, str]]


OCCUPATIONS: list[OccupationSeed] = [
    # --- Smart equipment manufacturing: forklifts, boiler auxiliaries, carton machinery ---
    {
        "key": "forklift-driver",
        "csco": "6-30-05-01",
        "title": "叉车司机",
        "industry": "C",
        "synonyms": "铲车工、铲车司机、叉车工、叉车师傅",
        "wage": (4500, 7000),
        "skills": [
            ("forklift-operation", "叉车驾驶", "开叉车、开铲车、叉车操作"),
            ("warehouse-loading", "装卸搬运", "装卸、搬运、上下货"),
            ("n1-licence", "N1叉车证", "叉车证、特种设备作业证"),
        ],
    },
    {
        "key": "forklift-assembler",
        "csco": "6-20-99-00",
        "title": "叉车装配工",
        "industry": "C",
        "synonyms": "总装工、装配工、流水线装配",
        "wage": (4500, 6500),
        "skills": [
            ("mechanical-assembly", "机械装配", "装配、组装、总装"),
            ("blueprint-reading", "看图纸", "识图、机械识图"),
            ("torque-tools", "气动扳手使用", "风炮、打螺丝"),
        ],
    },
    {
        "key": "welder",
        "csco": "6-18-02-04",
        "title": "焊工",
        "industry": "C",
        "synonyms": "电焊工、二保焊工、氩弧焊工、焊接工",
        "wage": (5500, 9000),
        "skills": [
            ("co2-welding", "二氧化碳保护焊", "二保焊、气保焊"),
            ("argon-welding", "氩弧焊", "氩焊"),
            ("welding-cert", "焊工证", "特种作业操作证焊接"),
        ],
    },
    {
        "key": "fitter",
        "csco": "6-20-01-01",
        "title": "钳工",
        "industry": "C",
        "synonyms": "装配钳工、机修钳工、机修工",
        "wage": (5000, 8000),
        "skills": [
            ("mechanical-assembly", "机械装配", "装配、组装、总装"),
            ("equipment-repair", "设备维修", "修机器、机修、设备保养"),
            ("blueprint-reading", "看图纸", "识图、机械识图"),
        ],
    },
    {
        "key": "painter-industrial",
        "csco": "6-18-03-03",
        "title": "喷涂工",
        "industry": "C",
        "synonyms": "喷漆工、喷粉工、涂装工",
        "wage": (4500, 7000),
        "skills": [("spray-painting", "喷涂", "喷漆、喷粉、涂装")],
    },
    {
        "key": "boiler-operator",
        "csco": "6-28-01-11",
        "title": "锅炉工",
        "industry": "C",
        "synonyms": "司炉工、锅炉司炉、烧锅炉",
        "wage": (4000, 6500),
        "skills": [
            ("boiler-operation", "锅炉操作", "烧锅炉、司炉"),
            ("g1-licence", "G1工业锅炉司炉证", "司炉证、锅炉证"),
        ],
    },
    {
        "key": "sheet-metal",
        "csco": "6-18-01-11",
        "title": "钣金工",
        "industry": "C",
        "synonyms": "铆工、冷作工、钣金师傅",
        "wage": (5000, 8000),
        "skills": [
            ("sheet-metal-work", "钣金加工", "折弯、剪板、铆焊"),
            ("blueprint-reading", "看图纸", "识图、机械识图"),
        ],
    },
    {
        "key": "machine-commissioning",
        "csco": "6-29-03-01",
        "title": "设备调试员",
        "industry": "C",
        "synonyms": "调机师傅、调试工程师、售后安装调试",
        "wage": (6000, 10000),
        "skills": [
            ("equipment-commissioning", "设备调试", "调机、安装调试"),
            ("plc", "PLC编程", "PLC、电气控制"),
            ("equipment-repair", "设备维修", "修机器、机修、设备保养"),
        ],
    },
    {
        "key": "cnc-operator",
        "csco": "6-18-01-01",
        "title": "数控车工",
        "industry": "C",
        "synonyms": "CNC操作工、CNC技术员、加工中心操作工、数控机床操作",
        "wage": (5500, 9000),
        "skills": [
            ("cnc-programming", "数控编程", "CNC编程、加工中心编程"),
            ("cnc-operation", "数控机床操作", "开CNC、开数控、上下料"),
            ("measuring-tools", "量具使用", "卡尺、千分尺"),
        ],
    },
    {
        "key": "electrician",
        "csco": "6-31-01-03",
        "title": "电工",
        "industry": "C",
        "synonyms": "维修电工、设备电工、水电工",
        "wage": (5000, 8000),
        "skills": [
            ("low-voltage", "低压电工作业", "低压电工证、电工证"),
            ("electrical-repair", "电气维修", "修电路、电路维修、接线"),
            ("plc", "PLC编程", "PLC、电气控制"),
        ],
    },
    {
        "key": "robot-maintenance",
        "csco": "6-31-07-01",
        "title": "工业机器人运维员",
        "industry": "C",
        "synonyms": "机器人调试、机器人运维、自动化设备维护",
        "wage": (6500, 11000),
        "skills": [
            ("robot-programming", "工业机器人编程", "机器人示教、机械手编程"),
            ("plc", "PLC编程", "PLC、电气控制"),
        ],
    },
    {
        "key": "mechanical-engineer",
        "csco": "2-02-07-01",
        "title": "机械工程师",
        "industry": "M",
        "synonyms": "机械设计、结构工程师、机械设计工程师",
        "wage": (7000, 13000),
        "skills": [
            ("cad", "CAD制图", "AutoCAD、画图、制图"),
            ("solidworks", "三维设计", "SolidWorks、三维建模"),
            ("blueprint-reading", "看图纸", "识图、机械识图"),
        ],
    },
    {
        "key": "quality-inspector",
        "csco": "6-31-03-05",
        "title": "质检员",
        "industry": "C",
        "synonyms": "品检、QC、检验员、品质检验",
        "wage": (4200, 6500),
        "skills": [
            ("quality-inspection", "质量检验", "品检、质检、来料检验"),
            ("measuring-tools", "量具使用", "卡尺、千分尺"),
        ],
    },
    {
        "key": "production-worker",
        "csco": "6-00-00-00",
        "title": "普工",
        "industry": "C",
        "synonyms": "操作工、作业员、流水线工人、车间工人",
        "wage": (3800, 5500),
        "skills": [("line-work", "流水线作业", "流水线、生产线操作"), ("5s", "5S现场管理", "6S、现场管理")],
    },
    # --- New energy: lithium batteries and photovoltaics ---
    {
        "key": "battery-assembler",
        "csco": "6-24-04-00",
        "title": "电芯装配工",
        "industry": "C",
        "synonyms": "锂电操作工、电池装配、电芯操作工",
        "wage": (4500, 6800),
        "skills": [
            ("cell-assembly", "电芯装配", "卷绕、叠片、电池组装"),
            ("line-work", "流水线作业", "流水线、生产线操作"),
            ("cleanroom", "无尘车间作业", "无尘室、洁净车间"),
        ],
    },
    {
        "key": "battery-formation",
        "csco": "6-24-04-00",
        "title": "化成分容工",
        "industry": "C",
        "synonyms": "化成工、分容工、电池检测",
        "wage": (4500, 6500),
        "skills": [("formation-testing", "化成分容", "化成、分容、电池测试")],
    },
    {
        "key": "coating-operator",
        "csco": "6-24-04-00",
        "title": "涂布工",
        "industry": "C",
        "synonyms": "涂布操作工、极片涂布",
        "wage": (5000, 7000),
        "skills": [
            ("electrode-coating", "极片涂布", "涂布、辊压"),
            ("cleanroom", "无尘车间作业", "无尘室、洁净车间"),
        ],
    },
    {
        "key": "pv-module-operator",
        "csco": "6-24-02-04",
        "title": "光伏组件操作工",
        "industry": "C",
        "synonyms": "串焊工、层压工、光伏操作工、EL检测员",
        "wage": (4500, 6500),
        "skills": [
            ("string-welding", "光伏串焊", "串焊、焊带"),
            ("lamination", "组件层压", "层压"),
            ("el-inspection", "EL检测", "EL测试、组件检测"),
        ],
    },
    {
        "key": "pv-installer",
        "csco": "6-29-03-08",
        "title": "光伏安装工",
        "industry": "E",
        "synonyms": "光伏安装、太阳能板安装、屋顶光伏安装",
        "wage": (6000, 9000),
        "skills": [
            ("pv-installation", "光伏安装", "装光伏板、支架安装"),
            ("low-voltage", "低压电工作业", "低压电工证、电工证"),
            ("work-at-height", "高处作业", "登高证、高空作业"),
        ],
    },
    {
        "key": "equipment-technician",
        "csco": "6-31-01-10",
        "title": "设备技术员",
        "industry": "C",
        "synonyms": "设备维护员、设备工程师、产线技术员",
        "wage": (5500, 8500),
        "skills": [
            ("equipment-repair", "设备维修", "修机器、机修、设备保养"),
            ("plc", "PLC编程", "PLC、电气控制"),
            ("electrical-repair", "电气维修", "修电路、电路维修、接线"),
        ],
    },
    # --- Logistics, e-commerce and gig work ---
    {
        "key": "warehouse-keeper",
        "csco": "4-02-06-01",
        "title": "仓管员",
        "industry": "G",
        "synonyms": "库管、仓库管理员、仓储管理",
        "wage": (4000, 6000),
        "skills": [
            ("inventory", "仓储管理", "盘点、出入库、库存管理"),
            ("erp", "ERP系统操作", "ERP、用友、金蝶"),
            ("warehouse-loading", "装卸搬运", "装卸、搬运、上下货"),
        ],
    },
    {
        "key": "sorter",
        "csco": "4-02-05-01",
        "title": "分拣员",
        "industry": "G",
        "synonyms": "快递分拣、装卸工、搬运工",
        "wage": (3800, 5500),
        "skills": [
            ("parcel-sorting", "包裹分拣", "分拣、理货"),
            ("warehouse-loading", "装卸搬运", "装卸、搬运、上下货"),
        ],
    },
    {
        "key": "truck-driver",
        "csco": "4-02-02-02",
        "title": "货车司机",
        "industry": "G",
        "synonyms": "大车司机、货运司机、开货车、B2司机、A2司机",
        "wage": (6000, 10000),
        "skills": [
            ("heavy-licence", "B2以上驾照", "A2驾照、B2驾照、大车驾照"),
            ("route-planning", "线路规划", "跑线路、认路"),
        ],
    },
    {
        "key": "delivery-rider",
        "csco": "4-10-08-01",
        "title": "外卖骑手",
        "industry": "G",
        "synonyms": "外卖员、送餐员、跑腿、快递员",
        "wage": (4500, 8000),
        "skills": [
            ("e-bike", "电动车驾驶", "骑电动车、骑摩托"),
            ("route-planning", "线路规划", "跑线路、认路"),
        ],
    },
    {
        "key": "ecommerce-operator",
        "csco": "4-01-06-01",
        "title": "电商运营",
        "industry": "F",
        "synonyms": "网店运营、淘宝运营、直播带货、主播、电商客服",
        "wage": (4500, 9000),
        "skills": [
            ("live-streaming", "直播带货", "直播、带货、抖音直播"),
            ("shop-operation", "网店运营", "开网店、淘宝店、拼多多运营"),
            ("customer-service", "客户服务", "客服、售后、接待"),
        ],
    },
    # --- Cultural tourism and health: tennis, hot springs, care ---
    {
        "key": "tennis-coach",
        "csco": "4-14-05-01",
        "title": "网球教练",
        "industry": "R",
        "synonyms": "网球陪练、网球指导员、社会体育指导员",
        "wage": (6000, 12000),
        "skills": [
            ("tennis-coaching", "网球教学", "教网球、网球陪练、网球培训"),
            ("first-aid", "急救技能", "急救证、心肺复苏"),
        ],
    },
    {
        "key": "venue-staff",
        "csco": "4-14-05-02",
        "title": "场馆管理员",
        "industry": "R",
        "synonyms": "球场维护工、场馆服务、球童、赛事运营",
        "wage": (3800, 5500),
        "skills": [
            ("venue-maintenance", "场地维护", "球场维护、草坪养护"),
            ("event-operations", "赛事运营", "活动执行、赛事服务"),
        ],
    },
    {
        "key": "hotel-attendant",
        "csco": "4-03-01-02",
        "title": "客房服务员",
        "industry": "H",
        "synonyms": "酒店服务员、客房阿姨、温泉服务员、前台",
        "wage": (3500, 5000),
        "skills": [
            ("housekeeping", "客房清洁", "打扫客房、铺床"),
            ("customer-service", "客户服务", "客服、售后、接待"),
        ],
    },
    {
        "key": "cook",
        "csco": "4-03-02-01",
        "title": "厨师",
        "industry": "H",
        "synonyms": "厨工、炒菜师傅、大厨、湘菜厨师",
        "wage": (5000, 9000),
        "skills": [
            ("chinese-cooking", "中式烹调", "炒菜、烹饪、掌勺"),
            ("food-safety", "食品安全", "健康证、食品卫生"),
        ],
    },
    {
        "key": "tour-guide",
        "csco": "4-07-04-01",
        "title": "导游",
        "industry": "R",
        "synonyms": "讲解员、景区讲解、导游员",
        "wage": (4000, 7000),
        "skills": [
            ("guiding", "导游讲解", "讲解、带团"),
            ("customer-service", "客户服务", "客服、售后、接待"),
        ],
    },
    {
        "key": "elderly-carer",
        "csco": "4-10-01-05",
        "title": "养老护理员",
        "industry": "Q",
        "synonyms": "护工、养老护工、陪护、护理员",
        "wage": (3800, 6000),
        "skills": [
            ("elderly-care", "老年护理", "照顾老人、护理老人、陪护"),
            ("first-aid", "急救技能", "急救证、心肺复苏"),
        ],
    },
    {
        "key": "rehab-therapist",
        "csco": "4-10-04-01",
        "title": "康复理疗师",
        "industry": "Q",
        "synonyms": "理疗师、康复师、推拿师、康养顾问",
        "wage": (5000, 9000),
        "skills": [("massage-therapy", "推拿理疗", "推拿、按摩、理疗"), ("rehab", "康复训练", "康复指导")],
    },
    {
        "key": "housekeeper",
        "csco": "4-10-01-06",
        "title": "家政服务员",
        "industry": "O",
        "synonyms": "保姆、家政阿姨、保洁员、钟点工",
        "wage": (3500, 6000),
        "skills": [
            ("home-cleaning", "家庭保洁", "家庭卫生、上门保洁"),
            ("home-cooking", "家常菜烹饪", "做饭、做家常菜"),
        ],
    },
    {
        "key": "maternity-nurse",
        "csco": "4-10-01-06",
        "title": "母婴护理员",
        "industry": "O",
        "synonyms": "月嫂、育婴员、育儿嫂",
        "wage": (6000, 12000),
        "skills": [
            ("infant-care", "婴幼儿护理", "带小孩、育婴、照顾婴儿"),
            ("postnatal-care", "产妇护理", "月子护理、产后护理"),
        ],
    },
    {
        "key": "sanitation-worker",
        "csco": "4-09-08-01",
        "title": "环卫工",
        "industry": "N",
        "synonyms": "清洁工、保洁、道路保洁",
        "wage": (2800, 3800),
        "skills": [("street-cleaning", "道路清扫", "扫地、清扫保洁")],
    },
    {
        "key": "security-guard",
        "csco": "4-07-05-01",
        "title": "保安员",
        "industry": "L",
        "synonyms": "保安、门卫、安保",
        "wage": (3200, 4500),
        "skills": [
            ("security-patrol", "安全巡逻", "巡逻、值班、门岗"),
            ("first-aid", "急救技能", "急救证、心肺复苏"),
        ],
    },
    # --- Agriculture and food processing (桥米 rice) ---
    {
        "key": "food-processing",
        "csco": "6-01-01-01",
        "title": "农产品加工工",
        "industry": "C",
        "synonyms": "大米加工、食品厂工人、粮食加工",
        "wage": (3500, 5000),
        "skills": [
            ("food-processing-line", "食品加工", "大米加工、包装封口"),
            ("food-safety", "食品安全", "健康证、食品卫生"),
        ],
    },
    {
        "key": "agri-technician",
        "csco": "5-05-01-01",
        "title": "农业技术员",
        "industry": "A",
        "synonyms": "农技员、种植技术员、苗木工",
        "wage": (4000, 6500),
        "skills": [
            ("crop-growing", "作物种植", "种地、种水稻、育苗"),
            ("agri-machinery", "农机操作", "开收割机、开拖拉机"),
        ],
    },
    # --- Office and professional ---
    {
        "key": "accountant",
        "csco": "2-06-03-00",
        "title": "会计",
        "industry": "L",
        "synonyms": "出纳、财务、会计助理",
        "wage": (4500, 8000),
        "skills": [
            ("bookkeeping", "会计核算", "做账、记账、财务核算"),
            ("erp", "ERP系统操作", "ERP、用友、金蝶"),
            ("office-software", "办公软件", "Excel、Word、电脑操作"),
        ],
    },
    {
        "key": "admin-clerk",
        "csco": "3-01-02-02",
        "title": "行政文员",
        "industry": "L",
        "synonyms": "文员、办公室文员、人事专员、前台文员",
        "wage": (3500, 5500),
        "skills": [
            ("office-software", "办公软件", "Excel、Word、电脑操作"),
            ("customer-service", "客户服务", "客服、售后、接待"),
        ],
    },
    {
        "key": "community-worker",
        "csco": "3-01-04-01",
        "title": "社区公益岗",
        "industry": "S",
        "synonyms": "公益性岗位、社区协管员、网格员、护林员",
        "wage": (2000, 2800),
        "skills": [("community-service", "社区服务", "社区协管、网格管理、走访")],
    },
]
